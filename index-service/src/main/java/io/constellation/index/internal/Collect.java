package io.constellation.index.internal;

import io.constellation.index.ShardLayout;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Hands the first ordinals of a result bitmap, ascending, to the caller without boxing.
 *
 * <p>Each call allocates one small iterator object and nothing proportional to the result;
 * the bitmap is only read. Stateless; any thread.
 */
public final class Collect {

    /** Ids decoded per step of a batch iterator. */
    private static final int BATCH = 1024;

    private Collect() {
    }

    /**
     * Writes the track ids of the first {@code min(limit, out.length)} ordinals of
     * {@code result} into {@code out[0..)}, ascending.
     *
     * @return how many ids were written
     */
    public static int trackIds(RoaringBitmap result, int limit, ShardLayout layout, long[] out) {
        int max = Math.min(limit, out.length);
        long shardCount = layout.shardCount();
        long shard = layout.shard();
        // Batches: Roaring decodes a whole container run into the buffer at once (about a
        // nanosecond per id), where a per-id iterator costs several; one small buffer per call.
        int[] batch = new int[Math.min(BATCH, Math.max(max, 1))];
        BatchIterator it = result.getBatchIterator();
        int n = 0;
        while (n < max && it.hasNext()) {
            int got = it.nextBatch(batch);
            int take = Math.min(got, max - n);
            for (int j = 0; j < take; j++) {
                out[n + j] = batch[j] * shardCount + shard;
            }
            n += take;
        }
        return n;
    }

    /** Passes the track ids of the first {@code limit} ordinals of {@code result}, ascending. */
    public static void trackIds(RoaringBitmap result, int limit, ShardLayout layout, LongConsumer sink) {
        long shardCount = layout.shardCount();
        long shard = layout.shard();
        int[] batch = new int[Math.min(BATCH, Math.max(limit, 1))];
        BatchIterator it = result.getBatchIterator();
        int n = 0;
        while (n < limit && it.hasNext()) {
            int take = Math.min(it.nextBatch(batch), limit - n);
            for (int j = 0; j < take; j++) {
                sink.accept(batch[j] * shardCount + shard);
            }
            n += take;
        }
    }

    /** Passes the first {@code limit} ordinals of {@code result}, ascending. */
    public static void ords(RoaringBitmap result, int limit, IntConsumer sink) {
        int[] batch = new int[Math.min(BATCH, Math.max(limit, 1))];
        BatchIterator it = result.getBatchIterator();
        int n = 0;
        while (n < limit && it.hasNext()) {
            int take = Math.min(it.nextBatch(batch), limit - n);
            for (int j = 0; j < take; j++) {
                sink.accept(batch[j]);
            }
            n += take;
        }
    }

    /**
     * Writes the track ids of the ordinals it is given into an array, in the order given;
     * the caller never passes more than the array holds. One query, one thread.
     */
    public static final class TrackIdArray implements IntConsumer {
        private final long[] out;
        private final long shardCount;
        private final long shard;
        private int n;

        public TrackIdArray(ShardLayout layout, long[] out) {
            this.out = out;
            this.shardCount = layout.shardCount();
            this.shard = layout.shard();
        }

        @Override
        public void accept(int ord) {
            out[n++] = ord * shardCount + shard;
        }
    }
}
