package io.constellation.bench.index;

import io.constellation.index.Segment;
import io.constellation.index.ShardLayout;
import io.constellation.index.internal.Intersections;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * A diagnostic, not a competitor: our segment's own bitmaps and its own smallest-first AND
 * ({@link Intersections}), but the ids written out with Roaring's {@link BatchIterator}
 * (a block of ordinals per call) instead of one {@code PeekableIntIterator.next()} per id
 * as {@code Segment.query} does. The gap to {@link OurEngine} is what the per-id iteration
 * costs on result-heavy queries. Word numbers are found by binary search over the sorted
 * dictionary (the segment's hash map is private), which if anything handicaps this variant.
 *
 * <p>Keeps one scratch buffer: one querying thread at a time.
 */
public final class BatchCollectDiagnostic implements SearchEngine {

    private final Segment segment;
    private final long shardCount;
    private final long shard;
    private final int[] batch = new int[256];

    /** A diagnostic view of {@code segment}, which it shares. */
    public BatchCollectDiagnostic(Segment segment) {
        this.segment = segment;
        ShardLayout layout = segment.layout();
        this.shardCount = layout.shardCount();
        this.shard = layout.shard();
    }

    @Override
    public String name() {
        return "ours-batch-collect";
    }

    @Override
    public int search(String[] words, long[] out) {
        int count = words.length;
        RoaringBitmap[] lists = new RoaringBitmap[count];
        int[] cards = new int[count];
        for (int i = 0; i < count; i++) {
            int number = wordNumber(words[i]);
            if (number < 0) {
                return 0;
            }
            lists[i] = segment.postings(number);
            cards[i] = segment.cardinality(words[i]);
        }
        Intersections.sortByCardinality(lists, cards, count);
        RoaringBitmap result = Intersections.and(lists, count);
        BatchIterator it = result.getBatchIterator();
        int n = 0;
        while (it.hasNext()) {
            int got = it.nextBatch(batch);
            for (int j = 0; j < got; j++) {
                out[n++] = batch[j] * shardCount + shard;
            }
        }
        return n;
    }

    private int wordNumber(String word) {
        int lo = 0;
        int hi = segment.wordCount() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = segment.word(mid).compareTo(word);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    @Override
    public long indexBytes() {
        return segment.sizeInBytes();
    }

    @Override
    public void close() {
        // Shares the segment: nothing of its own.
    }
}
