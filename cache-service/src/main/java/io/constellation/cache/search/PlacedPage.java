package io.constellation.cache.search;

/**
 * One page of a result set known by position only: which positions of the historical order
 * it shows, in which order, with their current availability when it was known.
 *
 * @param page    the page's positions into the historical order, and the total
 * @param current current availability by historical position, covering every position of
 *                the page; null when no gateway answered (the page is then in historical
 *                order only, see {@link #historicalOnly})
 */
public record PlacedPage(Page page, int[] current) {

    /** The page in historical order, current availability unknown: the fallback when no gateway answers. */
    public static PlacedPage historicalOnly(int total, int offset, int limit) {
        return new PlacedPage(Ranking.historicalPage(total, offset, limit), null);
    }

    /** Whether current availability was known (the page is ranked by it). */
    public boolean currentKnown() {
        return current != null;
    }

    /** The historical position of the page's k-th result. */
    public int position(int k) {
        return page.positions()[k];
    }

    /** The current availability of the page's k-th result; 0 when unknown. */
    public int currentOf(int k) {
        return current == null ? 0 : current[position(k)];
    }
}
