package io.constellation.bench.index;

import java.util.Arrays;

/**
 * Query throughput and latency of one engine over the measured rounds of the query mix.
 *
 * @param queries      queries timed (queries per round times rounds)
 * @param totalNanos   wall time of the measured rounds
 * @param p50Nanos     median latency of one query
 * @param p99Nanos     99th percentile latency of one query
 * @param maxNanos     slowest query
 * @param matchesPerRound total ids collected in one round (a checksum against dead code elimination)
 */
public record LatencyStats(long queries, long totalNanos, long p50Nanos, long p99Nanos, long maxNanos,
                           long matchesPerRound) {

    /** Queries per second on the one query thread. */
    public double queriesPerSecond() {
        return queries * 1e9 / totalNanos;
    }

    /**
     * Runs the query mix {@code warmupRounds} times untimed (JIT warm-up, page cache for
     * Lucene's mapped files), then {@code rounds} times timing each query with
     * {@link System#nanoTime()}.
     *
     * @param out scratch for the ids, large enough for the whole corpus
     */
    public static LatencyStats measure(SearchEngine engine, String[][] queries, int warmupRounds, int rounds,
                                       long[] out) {
        long sink = 0;
        for (int r = 0; r < warmupRounds; r++) {
            for (String[] q : queries) {
                sink += engine.search(q, out);
            }
        }
        long[] latencies = new long[queries.length * rounds];
        long matches = 0;
        long start = System.nanoTime();
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            matches = 0;
            for (String[] q : queries) {
                long t0 = System.nanoTime();
                matches += engine.search(q, out);
                latencies[k++] = System.nanoTime() - t0;
            }
        }
        long total = System.nanoTime() - start;
        if (sink < 0) {
            throw new AssertionError("unreachable: counts are non-negative");
        }
        Arrays.sort(latencies);
        return new LatencyStats(latencies.length, total, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies[latencies.length - 1], matches);
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
