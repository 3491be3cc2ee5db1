package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The catalog stage against a real catalog, H2 and MariaDB. */
class CatalogRowsIT {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final SearchStageMetrics metrics = new SearchStageMetrics(new SimpleMeterRegistry());

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @CatalogTest
    void rowsComeWithTheirDisplayFieldsInHistoricalOrderAndDeletedTracksAreLeftOut(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            tracks.add(new Track(0, "Artist " + i, "Song " + i, i % 2 == 0 ? "" : "Album " + i));
        }
        store.insertTracks(tracks);
        long[] ids = store.tracksAfter(0, 0, 1, 2000).stream().mapToLong(Track::id).toArray();
        db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?), (?, ?), (?, ?)",
                ids[1200], 3.0, ids[7], 9.5, ids[8], 3.0);
        store.deleteTrack(ids[9]);

        // Slices of 700 ids: three slices read in parallel, joined in id order, then sorted.
        CatalogRows.Ranked ranked = new CatalogRows(store, executor, 700, CatalogRows.DEFAULT_MAX_ROWS, metrics)
                .fetch(ids).get(30, TimeUnit.SECONDS);
        assertFalse(ranked.capped(), "1,500 ids fit in a result set");
        TrackRows rows = ranked.rows();
        assertEquals(1499, rows.size());
        assertArrayEquals(new long[] {ids[7], ids[8], ids[1200], ids[0], ids[1]},
                Arrays.copyOf(rows.ids(), 5), "by history, ties by id, then the rest (0) by id");
        assertEquals(9.5, rows.historical(0));
        assertEquals("Artist 7", rows.artist(0));
        assertEquals("Song 7", rows.title(0));
        assertEquals("Album 7", rows.album(0));
        assertEquals("", rows.album(3));
        assertEquals(0.0, rows.historical(4));
        assertEquals(1.0, metrics.calls(Stage.CATALOG, StageOutcome.OK));
    }

    @CatalogTest
    void moreIdsThanAResultSetHoldsKeepExactlyTheTopOfTheHistoricalRankingAndAreMarkedCapped(TestCatalog db)
            throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            tracks.add(new Track(0, "Artist " + i, "Song " + i, "Album " + (i % 7)));
        }
        store.insertTracks(tracks);
        long[] ids = store.tracksAfter(0, 0, 1, 3000).stream().mapToLong(Track::id).toArray();
        // History spread over all slices, with ties (ids 100 * k share one value) and deep
        // tracks ranked high: the kept part must be what the whole sort puts first.
        for (int i = 0; i < ids.length; i += 100) {
            db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?)",
                    ids[ids.length - 1 - i], (double) (i % 300));
        }
        store.deleteTrack(ids[5]);
        CatalogRows.Ranked all = new CatalogRows(store, executor, 700, 10_000, metrics).fetch(ids)
                .get(30, TimeUnit.SECONDS);
        assertFalse(all.capped());

        CatalogRows.Ranked top = new CatalogRows(store, executor, 700, 40, metrics).fetch(ids)
                .get(30, TimeUnit.SECONDS);
        assertTrue(top.capped());
        // Deleted track 5 (history 0) ranks within the first 40 by id; its statistics went with
        // it, so only the display read finds it gone: the set keeps 39, never a row without fields.
        assertEquals(39, top.rows().size());
        assertArrayEquals(Arrays.copyOf(all.rows().ids(), 39), top.rows().ids(),
                "the start of the full ranking, in its order");
        assertArrayEquals(Arrays.copyOf(all.rows().historicalColumn(), 39), top.rows().historicalColumn());
        assertEquals("Song " + (ids.length - 1 - 2300), top.rows().title(0), "highest history (200) first, ties by id");

        // Ranked by the in-memory table instead of the catalog: the same result set.
        try (HistoryTable history = new HistoryTable(store, Duration.ofHours(1), 500)) {
            history.load();
            CatalogRows.Ranked fromTable = new CatalogRows(store, history, executor, 700, 40, metrics).fetch(ids)
                    .get(30, TimeUnit.SECONDS);
            assertTrue(fromTable.capped());
            assertArrayEquals(top.rows().ids(), fromTable.rows().ids());
            assertArrayEquals(top.rows().historicalColumn(), fromTable.rows().historicalColumn());
        }
    }

    @Test
    void anUnreachableCatalogFailsTheStageWithUnavailable() throws Exception {
        CatalogConfig dead = CatalogConfig.mariaDb("jdbc:mariadb://127.0.0.1:1/none?sslMode=disable", "root", "")
                .toBuilder().connectionTimeout(Duration.ofMillis(500)).build();
        try (Catalog catalog = new Catalog(dead)) {
            CatalogRows rows = new CatalogRows(new TrackStore(catalog), executor, 700, CatalogRows.DEFAULT_MAX_ROWS,
                    metrics);
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> rows.fetch(new long[] {1, 2}).get(30, TimeUnit.SECONDS));
            assertEquals(Status.Code.UNAVAILABLE, Status.fromThrowable(e.getCause()).getCode());
            assertEquals(1.0, metrics.calls(Stage.CATALOG, StageOutcome.UNAVAILABLE));
        }
    }
}
