package io.constellation.cache.store;

import io.constellation.cache.store.internal.ByteSink;
import io.constellation.common.search.QueryKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Sizes of result files for realistic result sets; a program, not a test (run its main by
 * hand). Generates a catalog from the bundled chart corpus (args[0] tracks, default
 * 5,000,000), gives each track a historical availability from a skewed popularity model,
 * collects the result sets of a few queries, and prints bytes per row of the file (whole
 * rows, and ids with historical availability alone), compared with ascending deltas plus a
 * packed permutation, and the CPU time to encode and decode.
 */
public final class ResultFileMeasurement {

    private static final List<String> QUERIES = List.of("taylor swift", "drake", "love", "love you", "outkast");

    private ResultFileMeasurement() {
    }

    /** Prints one block per query. */
    public static void main(String[] args) throws Exception {
        long count = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        QueryKey[] keys = new QueryKey[QUERIES.size()];
        for (int q = 0; q < keys.length; q++) {
            keys[q] = QueryKey.of(QUERIES.get(q));
        }
        ResultSet[] sets = RealisticSets.resultSets(count, keys);
        System.out.printf("catalog %,d tracks; load %s%n", count, loadAverage());
        for (int q = 0; q < keys.length; q++) {
            report(keys[q], sets[q]);
        }
    }

    private static void report(QueryKey key, ResultSet rows) {
        CacheEntry entry = new CacheEntry(key, 1, System.currentTimeMillis(), false, rows);
        int n = rows.size();
        System.out.printf("%-14s %,7d rows, memory %5.1f B/row; ids alone %5.2f B/row (ascending+permutation %5.2f);"
                        + " historical alone %5.2f B/row%n", key.canonical(), n, rows.estimatedBytes() / (double) n,
                RealisticSets.columnBytes(key, rows, true) / (double) n, RealisticSets.ascendingPlusPermutationBytes(rows) / (double) n,
                RealisticSets.columnBytes(key, rows, false) / (double) n);
        for (int level : new int[] {1, 6, 9}) {
            timeLevel(entry, level);
        }
    }

    private static void timeLevel(CacheEntry entry, int level) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        int n = entry.results().size();
        int rounds = 20;
        long t0 = cpu.getCurrentThreadCpuTime();
        ByteSink image = null;
        for (int i = 0; i < rounds; i++) {
            image = ResultFile.encode(entry, level);
        }
        long t1 = cpu.getCurrentThreadCpuTime();
        byte[] bytes = Arrays.copyOf(image.array(), image.size());
        for (int i = 0; i < rounds; i++) {
            ResultFile.decode(bytes, Path.of("m.res"), entry.key());
        }
        long t2 = cpu.getCurrentThreadCpuTime();
        System.out.printf("    level %d: file %,9d B = %5.2f B/row; encode %.3f us/row, decode %.3f us/row CPU%n", level,
                bytes.length, bytes.length / (double) n, (t1 - t0) / 1e3 / rounds / n, (t2 - t1) / 1e3 / rounds / n);
    }

    private static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
