/**
 * Our Roaring-bitmap index against Lucene on the same generated tracks and query mix:
 * {@link io.constellation.bench.index.IndexVsLucene} (a plain main that also verifies both
 * engines return identical ids) and the JMH benchmark
 * {@link io.constellation.bench.index.IndexQueryBenchmark}.
 */
package io.constellation.bench.index;
