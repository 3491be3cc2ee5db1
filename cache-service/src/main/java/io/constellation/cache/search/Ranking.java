package io.constellation.cache.search;

import it.unimi.dsi.fastutil.longs.LongArrays;

/**
 * The seed's two sorts, on primitive arrays.
 *
 * <ol>
 *   <li>Once, when a result set is built: by historical availability, highest first, ties
 *       by track id ascending ({@link #historicalOrder}). This order is what the cache stores.
 *   <li>On every access: a stable partition, not a re-sort. Every result that is currently
 *       available (count &gt; 0) goes ahead of every result that is not, and each group
 *       keeps the historical order ({@link #page}). Only the requested page is materialised.
 * </ol>
 *
 * <p>Stateless; safe from any thread. Works on indices ("positions") into the historical
 * order, so callers keep their rows in whatever columnar form they store.
 */
public final class Ranking {

    private Ranking() {
    }

    /**
     * The permutation that puts rows in historical order: {@code order[k]} is the index of
     * the k-th row, sorted by {@code historical[i]} descending, then {@code ids[i]}
     * ascending. Ids are expected to be distinct (then the order is total and unique).
     *
     * @param n how many leading entries of the arrays are rows
     */
    public static int[] historicalOrder(long[] ids, double[] historical, int n) {
        if (n < 0 || n > ids.length || n > historical.length) {
            throw new IllegalArgumentException("n = " + n + " outside the arrays (" + ids.length + ", "
                    + historical.length + ")");
        }
        int[] order = new int[n];
        long[] descending = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            descending[i] = ~sortableBits(historical[i]);
        }
        // An indirect radix sort on two primitive keys (history descending, then id): linear
        // passes over long arrays, no comparator calls and no boxing. SearchStagesMeasurement:
        // ~85 ns of CPU per row against 150-370 ns for a comparator quicksort of the
        // permutation (10,000 to 1,000,000 rows); it runs once per miss, not per access.
        LongArrays.radixSortIndirect(order, descending, ids, 0, n, false);
        return order;
    }

    /**
     * The bits of {@code d} as a long whose signed order is {@link Double#compare}'s order
     * (negative values have their magnitude bits flipped), so that {@code ~bits} sorts
     * highest first.
     */
    private static long sortableBits(double d) {
        long bits = Double.doubleToLongBits(d);
        return bits ^ ((bits >> 63) & Long.MAX_VALUE);
    }

    /**
     * Cuts the page {@code [offset, offset + limit)} of the ranked results, where
     * {@code current[i]} is the current availability of the result at historical position
     * {@code i}, known for the first {@code known} positions of {@code total}.
     *
     * <p>When {@code known < total}, the prefix must place the page (see
     * {@link #placesPage}): it must hold at least {@code min(offset + limit, total)}
     * available results. The available results of a prefix are the first available results
     * of the whole set, in the same order, so their final positions are exact; the position
     * of any unavailable result depends on how many results are available in all, which
     * only the whole set tells.
     *
     * @return the page, whose positions index the historical order; an offset at or past
     *         the end gives an empty page with the total
     * @throws IllegalArgumentException if the prefix cannot place the page, or an argument
     *                                  is out of range
     */
    public static Page page(int[] current, int known, int total, int offset, int limit) {
        checkRange(current, known, total, offset, limit);
        if (offset >= total) {
            return Page.empty(total);
        }
        int end = end(total, offset, limit);
        int available = countAvailable(current, known);
        if (known < total && available < end) {
            throw new IllegalArgumentException("current availability of the first " + known + " of " + total
                    + " results (" + available + " available) cannot place results up to " + end);
        }
        int[] positions = new int[end - offset];
        int filled = 0;
        int availableRank = 0;
        int unavailableRank = 0;
        for (int i = 0; i < known && filled < positions.length; i++) {
            int rank = current[i] > 0 ? availableRank++ : available + unavailableRank++;
            if (rank >= offset && rank < end) {
                positions[rank - offset] = i;
                filled++;
            }
        }
        return new Page(positions, total);
    }

    /**
     * The page in historical order alone: what to serve when current availability could
     * not be had (the gateway is down), so that search still answers, less well sorted.
     */
    public static Page historicalPage(int total, int offset, int limit) {
        checkRange(new int[0], 0, total, offset, limit);
        if (offset >= total) {
            return Page.empty(total);
        }
        int[] positions = new int[end(total, offset, limit) - offset];
        for (int k = 0; k < positions.length; k++) {
            positions[k] = offset + k;
        }
        return new Page(positions, total);
    }

    /**
     * Whether counts for the first {@code known} of {@code total} historical positions are
     * enough for {@link #page} to place the page exactly: the prefix is everything, or it
     * holds at least {@code min(offset + limit, total)} available results, or the offset is
     * past the end (nothing to place).
     */
    public static boolean placesPage(int[] current, int known, int total, int offset, int limit) {
        checkRange(current, known, total, offset, limit);
        return known == total || offset >= total || countAvailable(current, known) >= end(total, offset, limit);
    }

    /** How many of the first {@code known} counts are positive. */
    public static int countAvailable(int[] current, int known) {
        int available = 0;
        for (int i = 0; i < known; i++) {
            if (current[i] > 0) {
                available++;
            }
        }
        return available;
    }

    private static int end(int total, int offset, int limit) {
        return (int) Math.min((long) offset + limit, total);
    }

    private static void checkRange(int[] current, int known, int total, int offset, int limit) {
        if (total < 0 || known < 0 || known > total || known > current.length) {
            throw new IllegalArgumentException("known = " + known + ", total = " + total + ", counts = "
                    + current.length);
        }
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, got " + offset + ", " + limit);
        }
    }
}
