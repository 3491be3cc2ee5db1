package io.constellation.index.internal;

import org.roaringbitmap.RoaringBitmap;

/**
 * AND of a few posting bitmaps, smallest first, the way the Audiogalaxy index servers did it:
 * the result can never be larger than the rarest list, so starting there keeps every step
 * proportional to the rare word, and Roaring intersects container by container (only the
 * 16-bit chunks present in both), so a rare word never decodes the whole list of "the".
 *
 * <p>Stateless; any thread.
 */
public final class Intersections {

    private Intersections() {
    }

    /**
     * Sorts {@code lists[0..count)} by ascending cardinality, in place. Insertion sort: a
     * query has at most a handful of words, and this allocates nothing.
     *
     * @param cardinalities cardinality of each list, permuted together with {@code lists}
     */
    public static void sortByCardinality(RoaringBitmap[] lists, int[] cardinalities, int count) {
        for (int i = 1; i < count; i++) {
            RoaringBitmap list = lists[i];
            int card = cardinalities[i];
            int j = i - 1;
            while (j >= 0 && cardinalities[j] > card) {
                lists[j + 1] = lists[j];
                cardinalities[j + 1] = cardinalities[j];
                j--;
            }
            lists[j + 1] = list;
            cardinalities[j + 1] = card;
        }
    }

    /**
     * The AND of {@code lists[0..count)}, which must already be sorted by ascending
     * cardinality and non-empty ({@code count >= 1}).
     *
     * <p>With one list the list itself is returned, not a copy: callers treat every result
     * as read-only. Otherwise exactly one new bitmap is allocated (the first pairwise AND,
     * bounded by the smallest list) and narrowed in place; the loop stops as soon as it is
     * empty, so the larger lists are not touched at all then.
     */
    public static RoaringBitmap and(RoaringBitmap[] lists, int count) {
        if (count == 1) {
            return lists[0];
        }
        RoaringBitmap result = RoaringBitmap.and(lists[0], lists[1]);
        for (int i = 2; i < count && !result.isEmpty(); i++) {
            result.and(lists[i]);
        }
        return result;
    }
}
