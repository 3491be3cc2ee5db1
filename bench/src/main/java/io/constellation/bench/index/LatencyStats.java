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
 * @param perQueryNanos   time of each query of the mix, summed over the measured rounds
 */
public record LatencyStats(long queries, long totalNanos, long p50Nanos, long p99Nanos, long maxNanos,
                           long matchesPerRound, long[] perQueryNanos) {

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
        long[] perQuery = new long[queries.length];
        long matches = 0;
        long start = System.nanoTime();
        int k = 0;
        for (int r = 0; r < rounds; r++) {
            matches = 0;
            for (int i = 0; i < queries.length; i++) {
                long t0 = System.nanoTime();
                matches += engine.search(queries[i], out);
                long nanos = System.nanoTime() - t0;
                latencies[k++] = nanos;
                perQuery[i] += nanos;
            }
        }
        long total = System.nanoTime() - start;
        if (sink < 0) {
            throw new AssertionError("unreachable: counts are non-negative");
        }
        Arrays.sort(latencies);
        return new LatencyStats(latencies.length, total, percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies[latencies.length - 1], matches, perQuery);
    }

    /** Mean latency in nanoseconds of the queries for which {@code selected[i]} holds, per round. */
    public double meanNanos(boolean[] selected, int rounds) {
        long sum = 0;
        int n = 0;
        for (int i = 0; i < perQueryNanos.length; i++) {
            if (selected[i]) {
                sum += perQueryNanos[i];
                n++;
            }
        }
        return n == 0 ? 0 : (double) sum / n / rounds;
    }

    private static long percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
