package io.constellation.index.internal;

import io.constellation.index.OrdSink;
import io.constellation.index.ShardLayout;

/** Where query results go: sinks that turn ordinals into track ids. */
public final class Collect {

    private Collect() {
    }

    /**
     * Writes the track ids of the ordinals it is given into an array, in the order given;
     * the caller never passes more than the array holds. One query, one thread.
     */
    public static final class TrackIdArray implements OrdSink {
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
        public void accept(int[] ords, int count) {
            for (int i = 0; i < count; i++) {
                out[n + i] = ords[i] * shardCount + shard;
            }
            n += count;
        }
    }
}
