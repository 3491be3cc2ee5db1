package io.constellation.index;

import io.constellation.index.internal.Collect;
import io.constellation.index.internal.Intersections;
import it.unimi.dsi.fastutil.ints.Int2ObjectMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.objects.Object2ObjectMap;
import java.util.function.LongConsumer;
import org.roaringbitmap.PeekableIntIterator;
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

    /** Ordinals per batch when merging the main segment's matches with the delta's. */
    private static final int MERGE_BATCH = 1024;

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
     * {@code min(limit, out.length)}, ascending, into {@code out}; entries past the
     * returned count but below that bound may be overwritten too (see
     * {@link Segment#query(String[], int, long[])}). Any thread.
     *
     * @return the total number of matches, not cut by {@code limit}
     */
    public int search(String[] words, int limit, long[] out) {
        RoaringBitmap fromDelta = deltaMatching(words);
        if (stale.isEmpty() && fromDelta == null) {
            return main.query(words, limit, out); // ids written in place, no ordinal batches
        }
        return merged(words, Math.min(limit, out.length), new Collect.TrackIdArray(main.layout(), out), fromDelta);
    }

    /**
     * Like {@link #search(String[], int, long[])} but passes the first {@code limit} track
     * ids, ascending, to {@code sink} on the calling thread.
     */
    public int search(String[] words, int limit, LongConsumer sink) {
        long shardCount = main.layout().shardCount();
        long shard = main.layout().shard();
        return searchOrds(words, limit, (ords, count) -> {
            for (int i = 0; i < count; i++) {
                sink.accept(ords[i] * shardCount + shard);
            }
        });
    }

    /**
     * Like {@link #search(String[], int, LongConsumer)} but passes ordinals.
     *
     * <p>When nothing is stale and the delta holds no document with all the words (the
     * common case between merges), the main segment streams its answer straight to the
     * sink. Otherwise the main segment's matches, less the stale ones, are merged with the
     * delta's: both are ascending and, since a re-indexed document is stale in the main
     * segment, disjoint.
     */
    public int searchOrds(String[] words, int limit, OrdSink sink) {
        RoaringBitmap fromDelta = deltaMatching(words);
        if (stale.isEmpty() && fromDelta == null) {
            return main.query(words, limit, sink);
        }
        return merged(words, limit, sink, fromDelta);
    }

    /** The main segment's matches less the stale ones, merged with the delta's ({@code fromDelta}, may be null). */
    private int merged(String[] words, int limit, OrdSink sink, RoaringBitmap fromDelta) {
        IntArrayList fromMain = new IntArrayList();
        main.query(words, Integer.MAX_VALUE, (ords, count) -> {
            for (int i = 0; i < count; i++) {
                if (!stale.contains(ords[i])) {
                    fromMain.add(ords[i]);
                }
            }
        });
        return merge(fromMain, fromDelta, limit, sink);
    }

    /** Number of live documents holding all of {@code words}. */
    public int count(String[] words) {
        return searchOrds(words, 0, (ords, count) -> { });
    }

    /** Passes the first {@code limit} of two ascending, disjoint sequences, merged; returns their total. */
    private static int merge(IntArrayList main, RoaringBitmap delta, int limit, OrdSink sink) {
        int total = main.size() + (delta == null ? 0 : delta.getCardinality());
        PeekableIntIterator d = delta == null ? null : delta.getIntIterator();
        int[] batch = new int[MERGE_BATCH];
        int n = 0;
        int m = 0;
        for (int passed = 0; passed < limit && passed < total; passed++) {
            boolean takeMain = d == null || !d.hasNext() || (m < main.size() && main.getInt(m) < d.peekNext());
            batch[n++] = takeMain ? main.getInt(m++) : d.next();
            if (n == batch.length) {
                sink.accept(batch, n);
                n = 0;
            }
        }
        if (n > 0) {
            sink.accept(batch, n);
        }
        return total;
    }

    /** The delta's documents holding all of {@code words}, or null when there are none. */
    private RoaringBitmap deltaMatching(String[] words) {
        int count = words.length;
        if (count == 0 || delta.isEmpty()) {
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
