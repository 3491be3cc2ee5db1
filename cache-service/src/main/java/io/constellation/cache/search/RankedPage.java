package io.constellation.cache.search;

/**
 * One page of a result set as shown to the user: which rows, in which order, with their
 * current availability when it was known.
 *
 * @param rows    the whole result set, in historical order
 * @param page    the page's positions into {@code rows}, and the total
 * @param current current availability by historical position, covering every position
 *                of the page; null when it could not be had (the page is then in
 *                historical order only, see {@link #historicalOnly})
 */
public record RankedPage(TrackRows rows, Page page, int[] current) {

    /**
     * The page in historical order alone, without current availability: the proposed
     * fallback when no gateway answers, so search keeps answering, less well sorted.
     */
    public static RankedPage historicalOnly(TrackRows rows, int offset, int limit) {
        return new RankedPage(rows, Ranking.historicalPage(rows.size(), offset, limit), null);
    }

    /** Whether current availability was known (the page is ranked by it). */
    public boolean currentKnown() {
        return current != null;
    }

    /** The row index (into {@link #rows}) of the page's k-th result. */
    public int row(int k) {
        return page.positions()[k];
    }

    /** The current availability of the page's k-th result; 0 when unknown. */
    public int currentOf(int k) {
        return current == null ? 0 : current[row(k)];
    }
}
