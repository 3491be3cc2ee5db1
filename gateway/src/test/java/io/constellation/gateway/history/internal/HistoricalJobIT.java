package io.constellation.gateway.history.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.jobs.JobRuns;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.gateway.history.HistoricalRun.Outcome;
import io.constellation.gateway.internal.CurrentCounts;
import io.constellation.gateway.internal.GatewayMetrics;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The daily historical availability job on the real catalog, H2 and MariaDB. */
class HistoricalJobIT {

    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T04:00:00Z"), ZoneOffset.UTC);

    @CatalogTest
    void historicalAvailabilityBecomesCurrentPlusHalfTheOld(TestCatalog db) throws Exception {
        tracks(db, 5);
        setHistory(db, 1, 8.0);
        setHistory(db, 2, 3.0);
        Map<Integer, Integer> current = Map.of(1, 2, 3, 4, 5, 1);

        HistoricalRun run = job(db.catalog(), "gw-a", 2, counts(current), CLOCK).run(DAY);

        assertEquals(Outcome.COMPLETED, run.outcome());
        assertEquals(5, run.tracksUpdated());
        assertEquals(Map.of(1L, 6.0, 2L, 1.5, 3L, 4.0, 4L, 0.0, 5L, 1.0), history(db),
                "current + hist/2; a track without a row gets one; a track with current 0 halves");
    }

    @CatalogTest
    void eachRunDateIsAppliedExactlyOnce(TestCatalog db) throws Exception {
        tracks(db, 3);
        setHistory(db, 1, 4.0);
        HistoricalJob job = job(db.catalog(), "gw-a", 10, counts(Map.of(2, 2)), CLOCK);
        assertEquals(Outcome.COMPLETED, job.run(DAY).outcome());
        Map<Long, Double> once = history(db);
        assertEquals(Map.of(1L, 2.0, 2L, 2.0, 3L, 0.0), once);

        assertEquals(Outcome.ALREADY_DONE, job.run(DAY).outcome());
        assertEquals(Outcome.ALREADY_DONE, job(db.catalog(), "gw-b", 10, counts(Map.of()), CLOCK).run(DAY).outcome());
        assertEquals(once, history(db), "a second run of the same day changes nothing");

        assertEquals(Outcome.COMPLETED, job.run(DAY.plusDays(1)).outcome());
        assertEquals(Map.of(1L, 1.0, 2L, 3.0, 3L, 0.0), history(db), "the next day applies again");
    }

    @CatalogTest
    void anInterruptedRunResumesAfterItsLastBatchWithoutApplyingAnyTrackTwice(TestCatalog db) throws Exception {
        tracks(db, 25);
        for (long id = 1; id <= 25; id++) {
            setHistory(db, id, 10.0);
        }
        Map<Integer, Integer> current = new HashMap<>();
        for (int id = 1; id <= 25; id++) {
            current.put(id, 1);
        }
        CurrentCounts failingAfter10 = (from, to, consumer) -> {
            if (to > 10) {
                throw new IllegalStateException("gateway crashed mid-run");
            }
            counts(current).forEachAvailable(from, to, consumer);
        };
        assertThrows(IllegalStateException.class, () -> job(db.catalog(), "gw-a", 5, failingAfter10, CLOCK).run(DAY));
        assertEquals(10, new JobRuns(db.catalog()).state(HistoricalJob.JOB).orElseThrow().lastId());

        HistoricalRun resumed = job(db.catalog(), "gw-b", 5, counts(current), CLOCK).run(DAY);
        assertEquals(Outcome.COMPLETED, resumed.outcome());
        assertEquals(15, resumed.tracksUpdated(), "only the tracks the interrupted run had not done");
        history(db).values().forEach(h -> assertEquals(6.0, h, "1 + 10/2, once"));
    }

    @CatalogTest
    void aGatewayThatDiedHoldingTheLeaseIsTakenOverOnceTheLeaseLapses(TestCatalog db) throws Exception {
        tracks(db, 4);
        JobRuns runs = new JobRuns(db.catalog());
        assertTrue(runs.acquire(HistoricalJob.JOB, "gw-dead", LEASE, CLOCK.instant()).isPresent());
        assertTrue(runs.start(HistoricalJob.JOB, "gw-dead", DAY));

        assertEquals(Outcome.BUSY, job(db.catalog(), "gw-b", 2, counts(Map.of(1, 1)), CLOCK).run(DAY).outcome());
        Clock later = Clock.offset(CLOCK, LEASE.plusSeconds(1));
        assertEquals(Outcome.COMPLETED, job(db.catalog(), "gw-b", 2, counts(Map.of(1, 1)), later).run(DAY).outcome());
        assertEquals(Map.of(1L, 1.0, 2L, 0.0, 3L, 0.0, 4L, 0.0), history(db));
    }

    @CatalogTest
    void anEarlierInterruptedRunIsFinishedBeforeTheNextDaysRun(TestCatalog db) throws Exception {
        tracks(db, 6);
        for (long id = 1; id <= 6; id++) {
            setHistory(db, id, 8.0);
        }
        CurrentCounts failingAfter3 = (from, to, consumer) -> {
            if (to > 3) {
                throw new IllegalStateException("crash");
            }
        };
        assertThrows(IllegalStateException.class, () -> job(db.catalog(), "gw-a", 3, failingAfter3, CLOCK).run(DAY));

        HistoricalRun next = job(db.catalog(), "gw-a", 3, counts(Map.of()), CLOCK).run(DAY.plusDays(1));
        assertEquals(Outcome.COMPLETED, next.outcome());
        history(db).values().forEach(h -> assertEquals(2.0, h, "every track halved exactly twice: 8/2/2"));
    }

    @CatalogTest
    void twoGatewaysRacingRunTheJobExactlyOnce(TestCatalog db) throws Exception {
        int n = 2_000;
        tracks(db, n);
        Map<Integer, Integer> current = new HashMap<>();
        for (int id = 1; id <= n; id += 3) {
            current.put(id, 2);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (Catalog second = new Catalog(db.config())) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HistoricalRun>> results = new ArrayList<>();
            for (Catalog catalog : List.of(db.catalog(), second)) {
                HistoricalJob job = job(catalog, "gw-" + results.size(), 50, counts(current), CLOCK);
                results.add(pool.submit(() -> {
                    go.await();
                    return job.run(DAY);
                }));
            }
            go.countDown();
            List<Outcome> outcomes = new ArrayList<>();
            for (Future<HistoricalRun> f : results) {
                outcomes.add(f.get().outcome());
            }
            assertEquals(1, outcomes.stream().filter(o -> o == Outcome.COMPLETED).count(), outcomes.toString());
            assertTrue(outcomes.contains(Outcome.BUSY) || outcomes.contains(Outcome.ALREADY_DONE), outcomes.toString());
        } finally {
            pool.shutdownNow();
        }
        Map<Long, Double> history = history(db);
        assertEquals(n, history.size());
        history.forEach((id, h) -> assertEquals(current.getOrDefault(id.intValue(), 0).doubleValue(), h, "track " + id));
    }

    @CatalogTest
    void aCatalogFailureSurfacesAsAnExceptionAndTheRunResumesLater(TestCatalog db) throws Exception {
        tracks(db, 3);
        Catalog closed = new Catalog(db.config());
        closed.close();
        assertThrows(CatalogException.class, () -> job(closed, "gw-a", 2, counts(Map.of()), CLOCK).run(DAY));
        assertEquals(Outcome.COMPLETED, job(db.catalog(), "gw-a", 2, counts(Map.of()), CLOCK).run(DAY).outcome());
    }

    // ---- fixtures ----

    private static HistoricalJob job(Catalog catalog, String holder, int batch, CurrentCounts counts, Clock clock) {
        return new HistoricalJob(catalog, counts, holder, batch, LEASE, clock,
                new GatewayMetrics(ServiceMetrics.create("test")));
    }

    /** Current counts from a map, scanned in id order as the real table does. */
    private static CurrentCounts counts(Map<Integer, Integer> current) {
        return (from, to, consumer) -> current.entrySet().stream()
                .filter(e -> e.getKey() >= from && e.getKey() <= to && e.getValue() > 0)
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> consumer.accept(e.getKey(), e.getValue()));
    }

    private static void tracks(TestCatalog db, int n) {
        List<Track> tracks = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            tracks.add(new Track(0, "Artist " + i, "Song " + i, ""));
        }
        new TrackStore(db.catalog()).insertTracks(tracks);
    }

    private static void setHistory(TestCatalog db, long trackId, double value) {
        db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?)", trackId, value);
    }

    private static Map<Long, Double> history(TestCatalog db) throws SQLException {
        Map<Long, Double> out = new HashMap<>();
        try (Connection c = db.catalog().connection();
             PreparedStatement ps = c.prepareStatement("SELECT track_id, historical_availability FROM track_stats");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.put(rs.getLong(1), rs.getDouble(2));
            }
        }
        return out;
    }
}
