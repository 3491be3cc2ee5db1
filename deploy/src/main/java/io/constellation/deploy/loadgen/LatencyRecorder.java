package io.constellation.deploy.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAccumulator;

/**
 * Records latencies from any thread (the clients' event loops) into the buckets of
 * {@link LatencyHistogram}, one atomic increment each (no lock, no allocation), and hands
 * them over interval by interval to a single reader thread.
 */
public final class LatencyRecorder {

    private final AtomicLongArray counts = new AtomicLongArray(LatencyHistogram.BUCKETS);
    private final LongAccumulator max = new LongAccumulator(Math::max, 0);

    /** Records one latency in µs. Any thread. */
    public void record(long micros) {
        counts.incrementAndGet(LatencyHistogram.bucketOf(micros));
        max.accumulate(Math.min(Math.max(0, micros), LatencyHistogram.MAX_MICROS));
    }

    /**
     * Moves everything recorded since the previous call into a new histogram and returns it.
     * One reader thread at a time; recording goes on meanwhile (a latency recorded during
     * the move lands in this interval or the next, never in neither; the interval's max may
     * be one taken a moment later).
     */
    public LatencyHistogram takeInterval() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            long n = counts.getAndSet(i, 0);
            if (n != 0) {
                h.add(i, n);
            }
        }
        h.noteMax(h.count() == 0 ? 0 : max.getThenReset());
        return h;
    }
}
