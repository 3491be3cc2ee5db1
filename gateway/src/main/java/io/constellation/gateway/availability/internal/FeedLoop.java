package io.constellation.gateway.availability.internal;

import io.constellation.proto.availability.v1.ReportRequest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the {@link ContributionStore}: one thread takes every feed event
 * (stream opened, message, stream ended) from a queue and applies it, and withdraws
 * contributions whose grace period is over by waking at the store's next deadline (one
 * scheduler for all servers, no timer per server).
 *
 * <p>Why one writer: snapshot replacement must change each track's total with a single
 * store of its final value, and deltas of different servers touch the same totals; one
 * thread makes that trivially race-free without locks on the read path, and the work is
 * small (a delta every few hundred milliseconds per server; a snapshot only on (re)connect).
 * The queue stays short because each stream has at most {@value FeedService#IN_FLIGHT}
 * messages requested from gRPC at a time (flow control), so a fast sender waits in its
 * HTTP/2 window instead of growing this queue.
 *
 * <p>It also decides readiness: the gateway serves look-ups once the start-up wait is
 * over, or earlier when the expected number of servers have completed a snapshot.
 */
final class FeedLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FeedLoop.class);
    /** Longest sleep without an event, so a closing loop is noticed promptly. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final ContributionStore store;
    private final LongSupplier nanoClock;
    private final long readyAt;
    private final int expectedServers;
    private final Runnable onReady;
    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private boolean ready;

    /**
     * @param startupWaitNanos how long after construction look-ups wait for servers to report
     * @param expectedServers  servers whose first snapshots end that wait early; 0 for no such shortcut
     * @param onReady          called once, on the loop's thread, when look-ups may be served
     */
    FeedLoop(ContributionStore store, LongSupplier nanoClock, long startupWaitNanos, int expectedServers,
             Runnable onReady) {
        this.store = store;
        this.nanoClock = nanoClock;
        this.readyAt = nanoClock.getAsLong() + startupWaitNanos;
        this.expectedServers = expectedServers;
        this.onReady = onReady;
        this.thread = new Thread(this::run, "gateway-feed-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    // ---- any thread (gRPC's): enqueue ----

    void opened(FeedSink sink) {
        queue.add(() -> store.opened(sink));
    }

    void message(FeedSink sink, ReportRequest m) {
        queue.add(() -> store.message(sink, m, nanoClock.getAsLong()));
    }

    void ended(FeedSink sink, boolean completed) {
        queue.add(() -> store.ended(sink, completed, nanoClock.getAsLong()));
    }

    // ---- the loop ----

    private void run() {
        try {
            while (running) {
                long now = nanoClock.getAsLong();
                long deadline = store.expire(now);
                checkReady(now);
                long wait = Math.min(MAX_WAIT_NANOS, Math.max(0, deadline - now));
                if (!ready) {
                    wait = Math.min(wait, Math.max(0, readyAt - now));
                }
                Runnable event = queue.poll(wait, TimeUnit.NANOSECONDS);
                if (event != null) {
                    apply(event);
                }
            }
            // Streams opened or messages sent just before closing still get a proper ending.
            for (Runnable event = queue.poll(); event != null; event = queue.poll()) {
                apply(event);
            }
            store.closeAll(nanoClock.getAsLong());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stopped.countDown();
        }
    }

    private void apply(Runnable event) {
        try {
            event.run();
        } catch (RuntimeException e) {
            // A bug in the store: keep serving everyone else rather than lose every feed.
            log.error("availability feed event failed: {}", e.toString(), e);
        }
    }

    private void checkReady(long now) {
        if (ready) {
            return;
        }
        if (now - readyAt >= 0 || (expectedServers > 0 && store.serversSnapshotted() >= expectedServers)) {
            ready = true;
            log.info("availability look-ups open: {} servers reporting", store.serversReporting());
            onReady.run();
        }
    }

    /** Ends every feed stream with UNAVAILABLE and stops the thread (waiting up to 5 s). */
    @Override
    public void close() {
        running = false;
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                thread.interrupt();
                stopped.await(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }
}
