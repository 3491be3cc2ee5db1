package io.constellation.index.internal;

import io.constellation.index.Segment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;

/**
 * Folds a delta and a stale set into a new main segment: for each word,
 * {@code main[w] ANDNOT stale OR delta[w]}; words only in the delta appear, words whose
 * list becomes empty disappear.
 *
 * <p>Bitmaps of words the changes do not touch (most of them) are shared with the old
 * segment rather than copied, which is safe because segments never modify their bitmaps;
 * the inputs are only read, so queries may keep using them during the merge. Stateless;
 * any thread.
 */
public final class SegmentMerger {

    private SegmentMerger() {
    }

    /**
     * The merged segment.
     *
     * @param delta      word -> ordinals holding it among the delta documents
     * @param deltaOrds  ordinals of all delta documents (with or without words)
     * @param stale      ordinals of {@code main} whose postings must be dropped
     */
    public static Segment merge(Segment main, Map<String, RoaringBitmap> delta, RoaringBitmap deltaOrds,
                                RoaringBitmap stale) {
        String[] deltaWords = delta.keySet().toArray(new String[0]);
        Arrays.sort(deltaWords);
        List<String> words = new ArrayList<>(main.wordCount() + deltaWords.length);
        List<RoaringBitmap> postings = new ArrayList<>(main.wordCount() + deltaWords.length);
        int m = 0;
        int d = 0;
        int mainCount = main.wordCount();
        // Decoded once per main word: the segment keeps its words as UTF-8 bytes.
        String mainWord = mainCount == 0 ? null : main.word(0);
        while (m < mainCount || d < deltaWords.length) {
            int order = m == mainCount ? 1
                    : d == deltaWords.length ? -1
                    : mainWord.compareTo(deltaWords[d]);
            String word;
            RoaringBitmap merged;
            if (order < 0) {
                word = mainWord;
                merged = withoutStale(main.postings(m++), stale);
            } else if (order > 0) {
                word = deltaWords[d++];
                merged = optimized(delta.get(word).clone());
            } else {
                word = mainWord;
                RoaringBitmap kept = withoutStale(main.postings(m++), stale);
                merged = optimized(RoaringBitmap.or(kept, delta.get(deltaWords[d++])));
            }
            if (order <= 0 && m < mainCount) {
                mainWord = main.word(m);
            }
            if (!merged.isEmpty()) {
                words.add(word);
                postings.add(merged);
            }
        }
        RoaringBitmap documents = RoaringBitmap.or(RoaringBitmap.andNot(main.documents(), stale), deltaOrds);
        documents.runOptimize();
        return Segment.of(main.layout(), words.toArray(new String[0]), postings.toArray(new RoaringBitmap[0]),
                documents);
    }

    /** The list itself when no stale ordinal is in it (no copy), else a new optimised list. */
    private static RoaringBitmap withoutStale(RoaringBitmap list, RoaringBitmap stale) {
        if (stale.isEmpty() || !RoaringBitmap.intersects(list, stale)) {
            return list;
        }
        return optimized(RoaringBitmap.andNot(list, stale));
    }

    private static RoaringBitmap optimized(RoaringBitmap bitmap) {
        bitmap.runOptimize();
        return bitmap;
    }
}
