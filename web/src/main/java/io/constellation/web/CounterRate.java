package io.constellation.web;

import java.time.Duration;
import java.util.OptionalDouble;

/**
 * The rate per second of a cumulative counter (searches answered, say) from samples of its
 * total: each sample at least {@code minInterval} after the previous one yields the rate
 * between the two; a closer sample yields the last rate again, so readers polling at any
 * pace see a steady figure without a thread of its own. Unknown (empty) on the first
 * sample, when the total is unknown ({@code NaN}), and when the counter went down (its
 * process restarted). Thread-safe.
 */
public final class CounterRate {

    private final long minIntervalNanos;
    private double lastTotal = Double.NaN;
    private long lastNanos;
    private OptionalDouble rate = OptionalDouble.empty();

    /** @param minInterval shortest time a rate is measured over; zero takes every sample */
    public CounterRate(Duration minInterval) {
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative: " + minInterval);
        }
        this.minIntervalNanos = minInterval.toNanos();
    }

    /**
     * Takes a sample of the counter's {@code total} at {@code nanos} (monotonic, as
     * {@link System#nanoTime()}) and returns the current rate per second.
     */
    public synchronized OptionalDouble sample(double total, long nanos) {
        boolean known = !Double.isNaN(lastTotal);
        if (known && !Double.isNaN(total) && nanos - lastNanos < minIntervalNanos) {
            return rate;
        }
        rate = known && total >= lastTotal
                ? OptionalDouble.of((total - lastTotal) * 1e9 / Math.max(1, nanos - lastNanos))
                : OptionalDouble.empty();
        lastTotal = total;
        lastNanos = nanos;
        return rate;
    }
}
