package io.constellation.cache.search;

/**
 * One page of ranked results, as positions into the result set's historical order.
 *
 * @param positions the page's results, first to last: {@code positions[k]} is the index,
 *                  in historical order, of the result shown at {@code offset + k}; empty
 *                  when the offset is past the end. Owned by the page: do not modify.
 * @param total     how many results the whole result set holds
 */
public record Page(int[] positions, int total) {

    private static final int[] NONE = new int[0];

    /** An empty page of a result set of {@code total} results. */
    public static Page empty(int total) {
        return new Page(NONE, total);
    }

    /** How many results this page shows. */
    public int size() {
        return positions.length;
    }
}
