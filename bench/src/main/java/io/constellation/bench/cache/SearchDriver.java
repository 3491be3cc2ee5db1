package io.constellation.bench.cache;

import io.constellation.bench.gateway.MeasuredWindow;
import io.constellation.bench.gateway.Progress;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.ServedFrom;
import java.io.PrintStream;
import java.time.Duration;
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
final class SearchDriver extends MeasuredWindow {

    /** Tenths of the stream the served-from counts are split into. */
    static final int PARTS = 10;
    /** ServedFrom numbers 0..3 (unspecified, memory, disk, miss), one slot each. */
    private static final int SOURCES = 4;

    private final SearchCaller caller;
    private final QueryPool pool;
    private final int limit;
    private final AtomicLong position = new AtomicLong();
    /** Answers whose result set was cut at the node's maximum (total_capped). */
    private final AtomicLong capped = new AtomicLong();
    /** Answers by [part of the stream * SOURCES + served_from]; the last part also takes positions past the stream. */
    private final AtomicLongArray served = new AtomicLongArray(PARTS * SOURCES);
    private volatile long maxSearches;

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
        this.maxSearches = maxSearches;
        open(concurrency, warmupNanos, measureNanos);
        for (int slot = 0; slot < concurrency; slot++) {
            next();
        }
    }

    /**
     * Runs {@code maxSearches} searches with no warm-up and no time limit, printing
     * per-second progress, and returns once every loop has stopped: the seconds it took.
     */
    double runAll(int concurrency, long maxSearches, PrintStream out) throws InterruptedException {
        long t0 = System.nanoTime();
        start(concurrency, 0, Duration.ofDays(1).toNanos(), maxSearches);
        Thread progress = Progress.start(this::takeCompleted, 0, "searches", out);
        awaitStopped(TimeUnit.DAYS.toNanos(1));
        progress.interrupt();
        return (System.nanoTime() - t0) / 1e9;
    }

    private void next() {
        long now = System.nanoTime();
        long p = position.getAndIncrement();
        if (over(now) || p >= maxSearches) {
            loopStopped();
            return;
        }
        caller.search(pool.at(p), (r, error) -> done(p, now, r, error));
    }

    private void done(long p, long startedAt, SearchResponse r, Throwable error) {
        long end = System.nanoTime();
        if (error != null) {
            failed(error);
        } else {
            answered(startedAt, end, r.getResultsCount() <= limit && r.getResultsCount() <= r.getTotal()
                    && !r.getNodeId().isEmpty());
            if (r.getTotalCapped()) {
                capped.incrementAndGet();
            }
            int part = (int) Math.min(PARTS - 1, p * PARTS / Math.max(1, Math.min(maxSearches, pool.streamLength())));
            served.incrementAndGet(part * SOURCES + Math.min(SOURCES - 1, Math.max(0, r.getServedFromValue())));
        }
        next();
    }

    /** Answers that said their result set was capped. */
    long capped() {
        return capped.get();
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
