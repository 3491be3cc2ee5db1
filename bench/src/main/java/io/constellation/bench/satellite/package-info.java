/**
 * Satellite server benchmarks: {@link io.constellation.bench.satellite.TrackCountsBenchmark}
 * (JMH: the availability counts' work for one login and its logout under churn). The
 * end-to-end login benchmark and its results: {@code bench/results/satellite-logins.md}.
 */
package io.constellation.bench.satellite;
