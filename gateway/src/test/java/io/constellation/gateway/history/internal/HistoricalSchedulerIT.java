package io.constellation.gateway.history.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.jobs.JobRuns;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.common.retry.Backoff;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.gateway.internal.GatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The daily schedule on H2 (the job's SQL is tested on both backends in HistoricalJobIT). */
class HistoricalSchedulerIT {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 1);

    private final TestCatalog db = TestCatalog.h2();
    private final JobRuns runs = new JobRuns(db.catalog());
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("test");
    private HistoricalScheduler scheduler;

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        db.close();
    }

    @Test
    void aGatewayStartedAfterTheDailyTimeRunsTodaysRunAtOnce() throws Exception {
        new TrackStore(db.catalog()).insertTracks(List.of(new Track(0, "A", "B", "")));
        scheduler = scheduler(LocalTime.of(4, 0));
        scheduler.startDaily();
        awaitFinished(TODAY);
    }

    @Test
    void whileAnotherGatewayHoldsTheLeaseTheRunIsRetriedUntilItCanRun() throws Exception {
        new TrackStore(db.catalog()).insertTracks(List.of(new Track(0, "A", "B", "")));
        runs.acquire(HistoricalJob.JOB, "other", Duration.ofHours(1), NOW).orElseThrow();
        scheduler = scheduler(LocalTime.of(4, 0));
        scheduler.startDaily();
        await(() -> registry.get(GatewayMetrics.HISTORICAL_RUNS).tag(GatewayMetrics.TAG_OUTCOME, "busy").counter()
                .count() >= 2, "tried, found it busy, and tried again");
        assertTrue(runs.state(HistoricalJob.JOB).orElseThrow().runDate() == null, "busy: nothing done");
        runs.release(HistoricalJob.JOB, "other");
        awaitFinished(TODAY);
    }

    @Test
    void aRunNotYetDueIsNotRunButOnDemandRunsToday() throws Exception {
        scheduler = scheduler(LocalTime.of(23, 0));
        scheduler.startDaily();
        HistoricalRun run = scheduler.runNow().get(30, TimeUnit.SECONDS);
        assertEquals(TODAY, run.runDate());
        assertEquals(HistoricalRun.Outcome.COMPLETED, run.outcome());
    }

    private HistoricalScheduler scheduler(LocalTime at) {
        HistoricalJob job = new HistoricalJob(db.catalog(), (from, to, c) -> { }, "gw-test", 100, Duration.ofMinutes(1),
                CLOCK, new GatewayMetrics(registry));
        return new HistoricalScheduler(job, at, Duration.ofMillis(100),
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1)), CLOCK);
    }

    private void awaitFinished(LocalDate day) throws InterruptedException {
        await(() -> runs.state(HistoricalJob.JOB).map(s -> s.finished(day)).orElse(false), "the run of " + day);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
