package io.constellation.bench.index;

import java.util.Arrays;

/**
 * Runs every query on two engines and fails loudly unless both return exactly the same
 * ids in the same (ascending) order: a throughput figure for wrong answers is worthless.
 */
public final class ResultCheck {

    private ResultCheck() {
    }

    /**
     * What both engines agreed on.
     *
     * @param totalMatches sum over the queries of the number of matching tracks
     * @param emptyQueries queries that matched nothing
     * @param maxMatches   largest result of one query
     */
    public record Agreement(long totalMatches, int emptyQueries, int maxMatches) {
    }

    /**
     * Compares {@code a} and {@code b} on every query.
     *
     * @param outA scratch for {@code a}'s ids, large enough for the whole corpus
     * @param outB scratch for {@code b}'s ids, same size
     * @throws IllegalStateException naming the first query whose results differ
     */
    public static Agreement verify(SearchEngine a, SearchEngine b, String[][] queries, long[] outA, long[] outB) {
        long total = 0;
        int empty = 0;
        int max = 0;
        for (int i = 0; i < queries.length; i++) {
            int na = a.search(queries[i], outA);
            int nb = b.search(queries[i], outB);
            if (na != nb || !Arrays.equals(outA, 0, na, outB, 0, nb)) {
                throw new IllegalStateException(String.format(
                        "RESULTS DIFFER for query %d %s: %s found %d (checksum %x), %s found %d (checksum %x)",
                        i, Arrays.toString(queries[i]), a.name(), na, checksum(outA, na), b.name(), nb,
                        checksum(outB, nb)));
            }
            total += na;
            empty += na == 0 ? 1 : 0;
            max = Math.max(max, na);
        }
        return new Agreement(total, empty, max);
    }

    /** Order-sensitive 64-bit checksum of {@code ids[0..n)}, for the failure message. */
    static long checksum(long[] ids, int n) {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < n; i++) {
            h = (h ^ ids[i]) * 0xBF58476D1CE4E5B9L;
        }
        return h;
    }
}
