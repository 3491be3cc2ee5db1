package io.constellation.cache.internal;

import io.constellation.cache.store.DiskStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the disk tier within its byte budget: one thread that, every {@code interval},
 * looks at the disk-bytes gauge (kept by writes) and, when it is above the budget, has
 * {@link DiskStore#evict} delete the least recently used result files down to 90% of the
 * budget (the margin keeps a node at its budget from sweeping on every tick). Searches
 * never wait for it: a miss writes its file and goes on, a little over budget until the
 * next sweep. An evicted query is a miss again later, like an expired one.
 *
 * <p>Thread: the sweep runs on its own single thread; {@link #sweepOnce} may also be
 * called directly (tests). {@link #close} stops the thread and waits for a running sweep.
 */
public final class DiskSweeper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DiskSweeper.class);

    private final DiskStore disk;
    private final long budgetBytes;
    private final Duration interval;
    private final CacheMetrics metrics;
    private final ScheduledExecutorService thread;

    /** A sweeper for {@code disk}; nothing runs before {@link #start}. */
    public DiskSweeper(DiskStore disk, long budgetBytes, Duration interval, CacheMetrics metrics) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("disk budget must be positive, got " + budgetBytes);
        }
        this.disk = disk;
        this.budgetBytes = budgetBytes;
        this.interval = interval;
        this.metrics = metrics;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cache-disk-sweep");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the periodic sweep. */
    public DiskSweeper start() {
        long ms = interval.toMillis();
        thread.scheduleWithFixedDelay(this::sweepQuietly, ms, ms, TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Sweeps now if the disk tier is over budget (by the gauge); returns the files deleted.
     * Blocking file I/O.
     */
    public long sweepOnce() throws IOException {
        if (metrics.diskBytes() <= budgetBytes) {
            return 0;
        }
        DiskStore.Sweep s = disk.evict(budgetBytes, budgetBytes - budgetBytes / 10);
        metrics.diskSwept(s.files(), s.bytes(), s.evicted());
        if (s.evicted() > 0) {
            log.info("disk tier over its budget of {} bytes: {} least recently used files ({} bytes) deleted, {} files"
                    + " ({} bytes) left", budgetBytes, s.evicted(), s.evictedBytes(), s.files(), s.bytes());
        }
        return s.evicted();
    }

    private void sweepQuietly() {
        try {
            sweepOnce();
        } catch (IOException | RuntimeException e) {
            // The next tick tries again; a failing sweep must not end the schedule.
            log.warn("disk sweep of {} failed: {}", disk.root(), e.toString());
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdown();
        if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
            thread.shutdownNow();
        }
    }
}
