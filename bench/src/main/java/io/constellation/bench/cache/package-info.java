/**
 * The search path's benchmarks, over loopback gRPC against real cache nodes, index shards, a
 * gateway and a generated catalog ({@link io.constellation.bench.cache.SearchStack}, in this
 * JVM or in a child one): cached searches' throughput, latency and CPU
 * ({@link io.constellation.bench.cache.CachedSearchLoad}), uncached searches by stage
 * ({@link io.constellation.bench.cache.UncachedSearchLoad}) and the hit ratio of a Zipf query
 * stream ({@link io.constellation.bench.cache.HitRatioRun}).
 */
package io.constellation.bench.cache;
