package io.constellation.deploy.demo;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Searches per second, from a cumulative count sampled once a second on a thread of its
 * own (so a status page polled at any pace reads a steady rate).
 */
final class SearchRate implements AutoCloseable {

    private static final long PERIOD_MILLIS = 1000;

    private final LongSupplier total;
    private final ScheduledExecutorService sampler;
    /** Written by the sampler thread only. */
    private long lastTotal;
    private long lastNanos;
    private volatile double perSecond;

    /** @param total the cumulative count, read from the sampler thread */
    SearchRate(LongSupplier total) {
        this.total = total;
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-search-rate");
            t.setDaemon(true);
            return t;
        });
    }

    SearchRate start() {
        lastTotal = total.getAsLong();
        lastNanos = System.nanoTime();
        sampler.scheduleAtFixedRate(this::sample, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Per second over the last sampling period; 0 before the first. */
    double perSecond() {
        return perSecond;
    }

    private void sample() {
        long now = System.nanoTime();
        long count = total.getAsLong();
        perSecond = (count - lastTotal) * 1e9 / Math.max(1, now - lastNanos);
        lastTotal = count;
        lastNanos = now;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
