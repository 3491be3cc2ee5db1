package io.constellation.gateway.history.internal;

import io.constellation.common.retry.Backoff;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.gateway.history.HistoricalRun.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link HistoricalJob} daily at a configured UTC time, and on demand, on one
 * thread of its own (the job blocks on the catalog; it must never run on a gRPC thread).
 *
 * <p>The run of day D is due at D's configured time. A gateway started after that time
 * tries D's run at once (a no-op when it is done). When another gateway holds the lease
 * (BUSY, or this one lost it) the attempt is repeated after one lease period, so if that
 * gateway dies its run is resumed here; a catalog failure is retried with jittered
 * exponential backoff. Once D's run is done, D+1's is scheduled.
 */
public final class HistoricalScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HistoricalScheduler.class);

    private final HistoricalJob job;
    private final LocalTime at;
    private final Duration busyRetry;
    private final Backoff failureBackoff;
    private final Clock clock;
    private final RandomGenerator random = RandomGenerator.getDefault();
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-historical-job");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param at             the daily time (UTC) a run becomes due
     * @param busyRetry      the wait before trying again while another gateway holds the lease
     * @param failureBackoff the waits between attempts while the catalog fails
     */
    public HistoricalScheduler(HistoricalJob job, LocalTime at, Duration busyRetry, Backoff failureBackoff, Clock clock) {
        this.job = job;
        this.at = at;
        this.busyRetry = busyRetry;
        this.failureBackoff = failureBackoff;
        this.clock = clock;
    }

    /** Schedules today's run (at once if its time has passed) and every day's after it. */
    public void startDaily() {
        scheduleDay(LocalDate.now(clock.withZone(ZoneOffset.UTC)));
    }

    /** Runs today's (UTC) run now, after any attempt in progress; the future fails if the catalog does. */
    public CompletableFuture<HistoricalRun> runNow() {
        return CompletableFuture.supplyAsync(() -> job.run(LocalDate.now(clock.withZone(ZoneOffset.UTC))), executor);
    }

    private void scheduleDay(LocalDate day) {
        Instant due = day.atTime(at).toInstant(ZoneOffset.UTC);
        long delay = Math.max(0, Duration.between(clock.instant(), due).toMillis());
        log.info("historical job: run of {} due at {}", day, due);
        schedule(() -> attempt(day, 0), delay);
    }

    private void attempt(LocalDate day, int failures) {
        try {
            HistoricalRun run = job.run(day);
            if (run.outcome() == Outcome.BUSY || run.outcome() == Outcome.LOST_LEASE) {
                schedule(() -> attempt(day, 0), busyRetry.toMillis());
            } else {
                scheduleDay(day.plusDays(1));
            }
        } catch (RuntimeException e) {
            long delay = failureBackoff.delayMillis(failures, random);
            log.warn("historical job: run of {} failed ({}); retrying in {} ms", day, e.toString(), delay);
            schedule(() -> attempt(day, failures + 1), delay);
        }
    }

    private void schedule(Runnable task, long delayMillis) {
        try {
            executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing: the next start schedules again
        }
    }

    /** Stops scheduling; an attempt in progress is interrupted after 5 s (it resumes on a later start). */
    @Override
    public void close() {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("historical job: still running at shutdown; it resumes at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
