package io.constellation.cache.search;

/**
 * Current availability of a prefix of a result set's historical order, enough to place
 * one page (see {@link CurrentAvailability#forPage}).
 *
 * @param counts {@code counts[i]} is the number of online satellites sharing the result at
 *               historical position {@code i}, for {@code i < known}; owned by this
 *               record: do not modify
 * @param known  how many leading positions {@code counts} covers: the whole result set, or
 *               a prefix holding at least {@code offset + limit} available results
 */
public record CurrentCounts(int[] counts, int known) {

    private static final CurrentCounts NONE = new CurrentCounts(new int[0], 0);

    /** No counts: what a page past the end needs. */
    public static CurrentCounts none() {
        return NONE;
    }

    /**
     * The page these counts place: {@link Ranking#page} over them. Every position of that
     * page is below {@link #known}, so {@code counts[position]} is its current availability.
     */
    public Page page(int total, int offset, int limit) {
        return Ranking.page(counts, known, total, offset, limit);
    }
}
