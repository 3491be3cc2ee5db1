package io.constellation.bench.gateway;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A latency histogram in nanoseconds with buckets 1/64 of a power of two wide (so every
 * percentile is within 1.6 % of the true value, from 1 ns to centuries) and exact counts,
 * max and mean. Recording is lock-free and allocation-free, for gRPC's transport threads
 * to call on every completion. Thread-safe.
 */
public final class Histogram {

    /** Sub-buckets per power of two: 2^6. */
    private static final int SUB_BITS = 6;
    private static final int SUB = 1 << SUB_BITS;
    /** Values below 2 * SUB are their own bucket; above, 64 buckets per power of two up to 2^63. */
    private static final int BUCKETS = (63 - SUB_BITS + 1) * SUB + SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Records one value (negative values count as 0). */
    public void record(long nanos) {
        long v = Math.max(0, nanos);
        counts.incrementAndGet(index(v));
        total.incrementAndGet();
        sum.addAndGet(v);
        max.accumulateAndGet(v, Math::max);
    }

    /** Values recorded. */
    public long count() {
        return total.get();
    }

    /** The largest value recorded, exactly; 0 when empty. */
    public long max() {
        return max.get();
    }

    /** The mean, exactly; 0 when empty. */
    public double mean() {
        long n = total.get();
        return n == 0 ? 0 : (double) sum.get() / n;
    }

    /**
     * The value at or below which a fraction {@code q} (0 to 1) of the recorded values lie:
     * the upper end of the bucket holding it (so never understated), capped at the exact
     * max; 0 when empty.
     */
    public long percentile(double q) {
        long n = total.get();
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return Math.min(upperBound(i), max.get());
            }
        }
        return max.get();
    }

    static int index(long v) {
        if (v < 2 * SUB) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - SUB_BITS; // >= 1
        return shift * SUB + (int) (v >>> shift);
    }

    static long upperBound(int index) {
        if (index < 2 * SUB) {
            return index;
        }
        int shift = index / SUB - 1;
        long top = index - (long) shift * SUB; // SUB..2*SUB-1
        return ((top + 1) << shift) - 1;
    }
}
