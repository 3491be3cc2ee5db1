package io.constellation.bench.cache;

import io.constellation.bench.gateway.Histogram;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.ServedFrom;
import io.grpc.Status;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Keeps a fixed number of searches in flight (a closed loop: each answer starts the next
 * search from the thread that delivered it) over a {@link QueryPool}'s stream, until an end
 * time or a number of searches, whichever comes first. Records the latency of the searches
 * that start and end inside the measured window, and where every answer was served from:
 * in total and by tenth of the stream (for the hit ratio as the caches fill). Thread-safe:
 * completions arrive on several gRPC threads.
 */
final class SearchDriver {

    /** Tenths of the stream the served-from counts are split into. */
    static final int PARTS = 10;
    /** Stop a run whose searches fail this often: the nodes are gone or refusing. */
    private static final long MAX_ERRORS = 1000;
    /** ServedFrom numbers 0..3 (unspecified, memory, disk, miss), one slot each. */
    private static final int SOURCES = 4;

    private final SearchCaller caller;
    private final QueryPool pool;
    private final int limit;
    private final Histogram latency = new Histogram();
    private final AtomicLong position = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong perSecond = new AtomicLong();
    /** Answers by [part of the stream * SOURCES + served_from]; the last part also takes positions past the stream. */
    private final AtomicLongArray served = new AtomicLongArray(PARTS * SOURCES);
    private volatile Status lastError;
    private volatile long measureFrom;
    private volatile long measureTo;
    private volatile long maxSearches;
    private CountDownLatch finished;

    SearchDriver(SearchCaller caller, QueryPool pool, int limit) {
        this.caller = caller;
        this.pool = pool;
        this.limit = limit;
    }

    /**
     * Starts {@code concurrency} loops that run for {@code warmup + measure} from now, or
     * until {@code maxSearches} searches were sent; returns at once.
     */
    void start(int concurrency, long warmupNanos, long measureNanos, long maxSearches) {
        long now = System.nanoTime();
        this.measureFrom = now + warmupNanos;
        this.measureTo = measureFrom + measureNanos;
        this.maxSearches = maxSearches;
        this.finished = new CountDownLatch(concurrency);
        for (int slot = 0; slot < concurrency; slot++) {
            next();
        }
    }

    private void next() {
        long now = System.nanoTime();
        long p = position.getAndIncrement();
        if (now >= measureTo || p >= maxSearches || errors.get() >= MAX_ERRORS) {
            finished.countDown();
            return;
        }
        caller.search(pool.at(p), (r, error) -> done(p, now, r, error));
    }

    private void done(long p, long startedAt, SearchResponse r, Throwable error) {
        long end = System.nanoTime();
        if (error != null) {
            errors.incrementAndGet();
            lastError = Status.fromThrowable(error);
        } else {
            perSecond.incrementAndGet();
            if (r.getResultsCount() > limit || r.getResultsCount() > r.getTotal() || r.getNodeId().isEmpty()) {
                wrong.incrementAndGet();
            }
            int part = (int) Math.min(PARTS - 1, p * PARTS / Math.max(1, Math.min(maxSearches, pool.streamLength())));
            served.incrementAndGet(part * SOURCES + Math.min(SOURCES - 1, Math.max(0, r.getServedFromValue())));
            if (startedAt >= measureFrom && end <= measureTo) {
                calls.incrementAndGet();
                latency.record(end - startedAt);
            }
        }
        next();
    }

    long measureFrom() {
        return measureFrom;
    }

    long measureTo() {
        return measureTo;
    }

    /** Waits until every loop has stopped (their last searches answered); false on timeout. */
    boolean awaitStopped(long timeoutNanos) throws InterruptedException {
        return finished.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    Histogram latency() {
        return latency;
    }

    /** Searches answered inside the measured window. */
    long calls() {
        return calls.get();
    }

    long errors() {
        return errors.get();
    }

    long wrongAnswers() {
        return wrong.get();
    }

    Status lastError() {
        return lastError;
    }

    /** Searches answered since the previous call of this method (for per-second progress). */
    long takeCompleted() {
        return perSecond.getAndSet(0);
    }

    /** Answers served from {@code from} in tenth {@code part} of the stream. */
    long served(int part, ServedFrom from) {
        return served.get(part * SOURCES + from.getNumber());
    }

    /** Answers served from {@code from} over the whole run. */
    long served(ServedFrom from) {
        long n = 0;
        for (int part = 0; part < PARTS; part++) {
            n += served(part, from);
        }
        return n;
    }
}
