package io.constellation.index.internal;

import io.constellation.index.ShardLayout;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import org.roaringbitmap.PeekableIntIterator;
import org.roaringbitmap.RoaringBitmap;

/**
 * Hands the first ordinals of a result bitmap, ascending, to the caller without boxing.
 *
 * <p>Each call allocates one small iterator object and nothing proportional to the result;
 * the bitmap is only read. Stateless; any thread.
 */
public final class Collect {

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
        PeekableIntIterator it = result.getIntIterator();
        int n = 0;
        while (n < max && it.hasNext()) {
            out[n++] = it.next() * shardCount + shard;
        }
        return n;
    }

    /** Passes the track ids of the first {@code limit} ordinals of {@code result}, ascending. */
    public static void trackIds(RoaringBitmap result, int limit, ShardLayout layout, LongConsumer sink) {
        long shardCount = layout.shardCount();
        long shard = layout.shard();
        PeekableIntIterator it = result.getIntIterator();
        for (int n = 0; n < limit && it.hasNext(); n++) {
            sink.accept(it.next() * shardCount + shard);
        }
    }

    /** Passes the first {@code limit} ordinals of {@code result}, ascending. */
    public static void ords(RoaringBitmap result, int limit, IntConsumer sink) {
        PeekableIntIterator it = result.getIntIterator();
        for (int n = 0; n < limit && it.hasNext(); n++) {
            sink.accept(it.next());
        }
    }
}
