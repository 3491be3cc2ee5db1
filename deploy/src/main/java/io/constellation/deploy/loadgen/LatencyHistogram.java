package io.constellation.deploy.loadgen;

/**
 * Counts of latencies in microseconds, in log-linear buckets: exact below 64 µs, then 32
 * buckets per power of two (each at most ~3% wide), up to about 12 days. A fixed
 * {@code long[]} of {@value #BUCKETS} counts (9 KB), so recording and merging never
 * allocate and a whole run's latencies fit whatever its length.
 *
 * <p>Not thread-safe: {@link LatencyRecorder} records from many threads and hands
 * intervals over as histograms of this class.
 */
public final class LatencyHistogram {

    /** Number of buckets; values at or over {@link #MAX_MICROS} land in the last. */
    public static final int BUCKETS = 1152;
    /** Largest value told apart: 2^40 - 1 µs, about 12.7 days. */
    public static final long MAX_MICROS = (1L << 40) - 1;

    private static final int SUB_BITS = 5;
    private static final int SUB = 1 << SUB_BITS;
    private static final int LINEAR = 2 * SUB;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    /** Adds one latency; negative values count as 0. */
    public void record(long micros) {
        add(bucketOf(micros), 1);
        max = Math.max(max, clamp(micros));
    }

    /** Adds {@code n} latencies in bucket {@code bucket} (see {@link #bucketOf}). */
    void add(int bucket, long n) {
        counts[bucket] += n;
        total += n;
    }

    /** Raises the largest value seen to at least {@code micros}. */
    void noteMax(long micros) {
        max = Math.max(max, micros);
    }

    /** Adds every count of {@code other} to this one. */
    public void addAll(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    /** Number of latencies recorded. */
    public long count() {
        return total;
    }

    /** The largest latency recorded, in µs; 0 when empty. */
    public long maxMicros() {
        return max;
    }

    /**
     * The latency at quantile {@code q} (0..1), in µs: the highest value of the bucket that
     * holds the {@code ceil(q * count)}-th smallest latency, never above the largest recorded;
     * 0 when empty.
     */
    public long percentileMicros(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("quantile must be within [0, 1], not " + q);
        }
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestOf(i), max);
            }
        }
        return max;
    }

    /** The bucket of {@code micros}. */
    static int bucketOf(long micros) {
        long v = clamp(micros);
        if (v < LINEAR) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= 6 here
        int mantissa = (int) (v >>> (exponent - SUB_BITS)); // 32..63
        return LINEAR + (exponent - SUB_BITS - 1) * SUB + (mantissa - SUB);
    }

    /** The smallest value of {@code bucket}. */
    static long lowestOf(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int k = bucket - LINEAR;
        int exponent = k / SUB + SUB_BITS + 1;
        long mantissa = k % SUB + SUB;
        return mantissa << (exponent - SUB_BITS);
    }

    /** The largest value of {@code bucket}. */
    static long highestOf(int bucket) {
        return bucket == BUCKETS - 1 ? MAX_MICROS : lowestOf(bucket + 1) - 1;
    }

    private static long clamp(long micros) {
        return Math.max(0, Math.min(micros, MAX_MICROS));
    }
}
