package io.constellation.common.catalog.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;

/** Job leases and progress on H2 and MariaDB. */
class JobRunsIT {

    private static final String JOB = "test_job";
    private static final Duration LEASE = Duration.ofMinutes(1);
    private static final Instant T0 = Instant.parse("2026-03-01T04:00:00Z");
    private static final LocalDate DAY = LocalDate.of(2026, 3, 1);

    @CatalogTest
    void aLeaseIsExclusiveUntilItLapsesOrIsReleased(TestCatalog db) {
        JobRuns runs = new JobRuns(db.catalog());
        JobRun first = runs.acquire(JOB, "a", LEASE, T0).orElseThrow();
        assertNull(first.runDate(), "never ran");
        assertTrue(runs.acquire(JOB, "b", LEASE, T0.plusSeconds(30)).isEmpty(), "held by a");
        assertTrue(runs.acquire(JOB, "a", LEASE, T0.plusSeconds(30)).isPresent(), "a renews its own");
        assertTrue(runs.acquire(JOB, "b", LEASE, T0.plusSeconds(61)).isEmpty(), "renewed until 90 s");
        assertTrue(runs.acquire(JOB, "b", LEASE, T0.plusSeconds(91)).isPresent(), "lapsed: taken over");
        runs.release(JOB, "b");
        assertTrue(runs.acquire(JOB, "c", LEASE, T0.plusSeconds(92)).isPresent(), "released: free at once");
    }

    @CatalogTest
    void progressIsClaimedOnlyByTheHolderFromWhereTheRunIs(TestCatalog db) throws Exception {
        JobRuns runs = new JobRuns(db.catalog());
        runs.acquire(JOB, "a", LEASE, T0).orElseThrow();
        assertTrue(runs.start(JOB, "a", DAY));
        assertTrue(claim(db, c -> runs.claim(c, JOB, "a", DAY, 0, 100, T0.plus(LEASE))));
        assertFalse(claim(db, c -> runs.claim(c, JOB, "a", DAY, 0, 100, T0.plus(LEASE))),
                "the same range twice");
        assertFalse(claim(db, c -> runs.claim(c, JOB, "b", DAY, 100, 200, T0.plus(LEASE))),
                "not the holder");

        runs.acquire(JOB, "b", LEASE, T0.plus(LEASE).plusSeconds(1)).orElseThrow();
        assertFalse(claim(db, c -> runs.claim(c, JOB, "a", DAY, 100, 200, T0.plus(LEASE))),
                "a stalled past its lease and lost it");
        assertFalse(runs.finish(JOB, "a", DAY));

        JobRun state = runs.state(JOB).orElseThrow();
        assertEquals(new JobRun(DAY, 100, null), state);
        assertTrue(state.interrupted());
        assertTrue(runs.finish(JOB, "b", DAY));
        assertTrue(runs.state(JOB).orElseThrow().finished(DAY));
    }

    private static boolean claim(TestCatalog db, Catalog.Work<Boolean> work) {
        return db.catalog().inTransaction("claim", work);
    }
}
