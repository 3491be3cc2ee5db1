package io.constellation.index;

import io.constellation.index.internal.Collect;
import io.constellation.index.internal.Intersections;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.objects.Object2ObjectMap;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * One immutable state of a shard's index: the main {@link Segment} plus the changes made
 * since it was built.
 *
 * <ul>
 *   <li>{@code delta}: word -> small bitmap of the ordinals added or re-indexed since the
 *       main segment, with their current words;</li>
 *   <li>{@code stale}: ordinals whose postings in the main segment are outdated (deleted or
 *       re-indexed); always a subset of the main segment's documents.</li>
 * </ul>
 *
 * A query matches {@code (AND of main[w]) ANDNOT stale, OR (AND of delta[w])}; the two parts
 * are disjoint. Nothing reachable from a snapshot is ever modified, so any number of threads
 * may query one without locking while the writer publishes newer snapshots.
 */
public final class Snapshot {

    private final Segment main;
    private final Object2ObjectMap<String, RoaringBitmap> delta;
    private final Int2ObjectMap<String[]> deltaDocs;
    private final RoaringBitmap stale;
    private final long generation;
    private final int documentCount;

    Snapshot(Segment main, Object2ObjectMap<String, RoaringBitmap> delta, Int2ObjectMap<String[]> deltaDocs,
             RoaringBitmap stale, long generation) {
        this.main = main;
        this.delta = delta;
        this.deltaDocs = deltaDocs;
        this.stale = stale;
        this.generation = generation;
        this.documentCount = main.documentCount() - stale.getCardinality() + deltaDocs.size();
    }

    /** The shard this snapshot belongs to. */
    public ShardLayout layout() {
        return main.layout();
    }

    /** The main segment the changes are layered over. */
    public Segment main() {
        return main;
    }

    /**
     * Number of changes applied to this index since it was first built or loaded (plus the
     * loaded checkpoint's generation). A merge does not change it: it does not change any
     * result, so anything cached per generation stays valid.
     */
    public long generation() {
        return generation;
    }

    /** Number of live documents (indexed and not deleted). */
    public int documentCount() {
        return documentCount;
    }

    /** Number of documents held in the delta (added or re-indexed since the main segment). */
    public int deltaDocumentCount() {
        return deltaDocs.size();
    }

    /** Number of distinct words in the delta. */
    public int deltaWordCount() {
        return delta.size();
    }

    /** Number of main-segment documents hidden because they were deleted or re-indexed. */
    public int staleCount() {
        return stale.getCardinality();
    }

    /** Whether document {@code ord} is live in this snapshot. */
    public boolean contains(int ord) {
        return deltaDocs.containsKey(ord) || (main.documents().contains(ord) && !stale.contains(ord));
    }

    /** The largest live ordinal, or -1 when there is none. Walks the delta: not for hot paths. */
    public int maxOrd() {
        int max = -1;
        IntIterator keys = deltaDocs.keySet().iterator();
        while (keys.hasNext()) {
            max = Math.max(max, keys.nextInt());
        }
        org.roaringbitmap.IntIterator reverse = main.documents().getReverseIntIterator();
        while (reverse.hasNext()) {
            int ord = reverse.next();
            if (ord <= max) {
                break;
            }
            if (!stale.contains(ord)) {
                return ord;
            }
        }
        return max;
    }

    /**
     * Finds the live documents holding all of {@code words} (distinct normalised words; an
     * empty query matches nothing) and writes the track ids of the first
     * {@code min(limit, out.length)}, ascending, into {@code out}. Any thread.
     *
     * @return the total number of matches, not cut by {@code limit}
     */
    public int search(String[] words, int limit, long[] out) {
        RoaringBitmap result = matching(words);
        if (result == null) {
            return 0;
        }
        Collect.trackIds(result, limit, main.layout(), out);
        return result.getCardinality();
    }

    /**
     * Like {@link #search(String[], int, long[])} but passes the first {@code limit} track
     * ids, ascending, to {@code sink} on the calling thread.
     */
    public int search(String[] words, int limit, LongConsumer sink) {
        RoaringBitmap result = matching(words);
        if (result == null) {
            return 0;
        }
        Collect.trackIds(result, limit, main.layout(), sink);
        return result.getCardinality();
    }

    /** Like {@link #search(String[], int, LongConsumer)} but passes ordinals. */
    public int searchOrds(String[] words, int limit, IntConsumer sink) {
        RoaringBitmap result = matching(words);
        if (result == null) {
            return 0;
        }
        Collect.ords(result, limit, sink);
        return result.getCardinality();
    }

    /** Number of live documents holding all of {@code words}. */
    public int count(String[] words) {
        RoaringBitmap result = matching(words);
        return result == null ? 0 : result.getCardinality();
    }

    /**
     * The matching ordinals, or null for none; read-only (may be a segment's own bitmap).
     * Copies are made only when needed: the stale set is subtracted only if it actually
     * intersects the main result, and the delta is consulted only when it is not empty.
     */
    private RoaringBitmap matching(String[] words) {
        RoaringBitmap fromMain = main.matching(words);
        if (fromMain != null && !stale.isEmpty() && RoaringBitmap.intersects(fromMain, stale)) {
            fromMain = RoaringBitmap.andNot(fromMain, stale);
            if (fromMain.isEmpty()) {
                fromMain = null;
            }
        }
        if (delta.isEmpty()) {
            return fromMain;
        }
        RoaringBitmap fromDelta = deltaMatching(words);
        if (fromDelta == null) {
            return fromMain;
        }
        return fromMain == null ? fromDelta : RoaringBitmap.or(fromMain, fromDelta);
    }

    private RoaringBitmap deltaMatching(String[] words) {
        int count = words.length;
        if (count == 0) {
            return null;
        }
        RoaringBitmap[] lists = new RoaringBitmap[count];
        int[] cards = new int[count];
        for (int i = 0; i < count; i++) {
            RoaringBitmap list = delta.get(words[i]);
            if (list == null) {
                return null;
            }
            lists[i] = list;
            cards[i] = list.getCardinality();
        }
        Intersections.sortByCardinality(lists, cards, count);
        RoaringBitmap result = Intersections.and(lists, count);
        return result.isEmpty() ? null : result;
    }

    Object2ObjectMap<String, RoaringBitmap> delta() {
        return delta;
    }

    Int2ObjectMap<String[]> deltaDocs() {
        return deltaDocs;
    }

    RoaringBitmap stale() {
        return stale;
    }
}
