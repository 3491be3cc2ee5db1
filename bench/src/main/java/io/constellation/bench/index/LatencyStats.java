package io.constellation.bench.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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

    /** Runs {@link #measureInterleaved} for one engine. */
    public static LatencyStats measure(SearchEngine engine, String[][] queries, int warmupRounds, int rounds,
                                       long[] out) {
        return measureInterleaved(List.of(engine), queries, warmupRounds, rounds, out).get(0);
    }

    /**
     * Runs the query mix {@code warmupRounds} times untimed per engine (JIT warm-up, page
     * cache for Lucene's mapped files), then {@code rounds} times timing each query with
     * {@link System#nanoTime()}. Rounds alternate between the engines (round 1 of each,
     * then round 2 of each, ...) so that background load on a shared machine falls on all
     * of them alike instead of on whichever happened to run during it.
     *
     * @param out scratch for the ids, large enough for the whole corpus
     * @return the stats of each engine, in the order given
     */
    public static List<LatencyStats> measureInterleaved(List<SearchEngine> engines, String[][] queries,
                                                        int warmupRounds, int rounds, long[] out) {
        long sink = 0;
        for (int r = 0; r < warmupRounds; r++) {
            for (SearchEngine engine : engines) {
                for (String[] q : queries) {
                    sink += engine.search(q, out);
                }
            }
        }
        if (sink < 0) {
            throw new AssertionError("unreachable: counts are non-negative");
        }
        int e = engines.size();
        long[][] latencies = new long[e][queries.length * rounds];
        long[][] perQuery = new long[e][queries.length];
        long[] totals = new long[e];
        long[] matches = new long[e];
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < e; k++) {
                long start = System.nanoTime();
                matches[k] = timeRound(engines.get(k), queries, out, latencies[k], r * queries.length, perQuery[k]);
                totals[k] += System.nanoTime() - start;
            }
        }
        List<LatencyStats> stats = new ArrayList<>();
        for (int k = 0; k < e; k++) {
            long[] l = latencies[k];
            Arrays.sort(l);
            stats.add(new LatencyStats(l.length, totals[k], percentile(l, 0.50), percentile(l, 0.99),
                    l[l.length - 1], matches[k], perQuery[k]));
        }
        return stats;
    }

    /** One timed pass over the mix; returns the ids collected. */
    private static long timeRound(SearchEngine engine, String[][] queries, long[] out, long[] latencies, int offset,
                                  long[] perQuery) {
        long matches = 0;
        for (int i = 0; i < queries.length; i++) {
            long t0 = System.nanoTime();
            matches += engine.search(queries[i], out);
            long nanos = System.nanoTime() - t0;
            latencies[offset + i] = nanos;
            perQuery[i] += nanos;
        }
        return matches;
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
