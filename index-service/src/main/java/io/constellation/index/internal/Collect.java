package io.constellation.index.internal;

import io.constellation.index.ShardLayout;
import java.util.function.IntConsumer;
import org.roaringbitmap.BatchIterator;
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

    /** Passes the first {@code limit} ordinals of {@code result}, ascending. */
    public static void ords(RoaringBitmap result, int limit, IntConsumer sink) {
        if (limit >= result.getCardinality()) {
            // Everything: Roaring walks each container in a tight loop of its own.
            result.forEach((org.roaringbitmap.IntConsumer) sink::accept);
            return;
        }
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
