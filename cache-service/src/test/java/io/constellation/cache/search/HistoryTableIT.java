package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The in-memory historical availability against a real catalog, H2 and MariaDB. */
class HistoryTableIT {

    @CatalogTest
    void loadsEveryPageAnswersZeroWithoutStatisticsAndAReloadSeesNewValues(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            tracks.add(new Track(0, "Artist " + i, "Song " + i, ""));
        }
        store.insertTracks(tracks);
        long[] ids = store.tracksAfter(0, 0, 1, 100).stream().mapToLong(Track::id).toArray();
        for (int i = 0; i < ids.length; i += 3) {
            db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?)",
                    ids[i], i + 0.5);
        }
        try (HistoryTable table = new HistoryTable(store, Duration.ofHours(1), 4)) { // pages of 4: many pages
            double[] out = new double[4];
            long[] asked = {ids[0], ids[1], ids[48], ids[49] + 1_000_000};
            assertFalse(table.fill(asked, out), "nothing loaded yet: read the catalog");
            table.load();
            assertTrue(table.fill(asked, out));
            assertArrayEquals(new double[] {0.5, 0, 48.5, 0}, out, "no statistics and unknown ids: 0");

            db.catalog().update("UPDATE track_stats SET historical_availability = ? WHERE track_id = ?", 7.0, ids[0]);
            table.fill(asked, out);
            assertArrayEquals(new double[] {0.5, 0, 48.5, 0}, out, "until the next load, the loaded values");
            table.load();
            table.fill(asked, out);
            assertArrayEquals(new double[] {7.0, 0, 48.5, 0}, out);

            double[] viaCatalog = new double[ids.length];
            store.historicalAvailability(ids, viaCatalog);
            double[] viaTable = new double[ids.length];
            table.fill(ids, viaTable);
            assertArrayEquals(viaCatalog, viaTable, "the same values as the catalog's");
        }
    }

    @CatalogTest
    void aStartedTableLoadsOnItsOwnThread(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        try (HistoryTable table = new HistoryTable(store, Duration.ofHours(1), 100).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!table.loaded() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(table.loaded(), "an empty track_stats loads too");
        }
    }
}
