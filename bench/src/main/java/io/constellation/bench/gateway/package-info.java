/**
 * Gateway benchmarks: {@link io.constellation.bench.gateway.AvailabilityLoad} (GetAvailability
 * throughput and latency over loopback gRPC), {@link io.constellation.bench.gateway.LookupPathBenchmark}
 * (JMH: the gateway's own work per call, generated protobuf path against the gateway's
 * marshallers) and {@link io.constellation.bench.gateway.LoginVisibility} (how long after a
 * satellite starts logging in its tracks show at a gateway). Results and commands:
 * {@code bench/results/gateway.md}.
 */
package io.constellation.bench.gateway;
