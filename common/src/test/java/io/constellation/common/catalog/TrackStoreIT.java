package io.constellation.common.catalog;

import io.constellation.common.catalog.testing.CatalogBackend;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackStoreIT {

    private static List<Track> tracks(int n) {
        List<Track> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Track(0, "Artist " + i, "Title " + i, i % 2 == 0 ? "" : "Album " + i));
        }
        return out;
    }

    @CatalogTest
    void migrationsCreateEmptyTablesAndASecondRunAppliesNothing(TestCatalog db) throws SQLException {
        assertEquals(0, db.catalog().migrate());
        try (Connection c = db.catalog().connection(); Statement s = c.createStatement()) {
            for (String table : List.of("users", "tracks", "track_stats", "index_updates")) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    assertEquals(0, rs.getLong(1), table);
                }
            }
            s.executeUpdate("INSERT INTO users (name, password_hash) VALUES ('ann', '$pbkdf2$x')");
            try (ResultSet rs = s.executeQuery("SELECT max_send, max_recv FROM users WHERE name = 'ann'")) {
                assertTrue(rs.next());
                assertTrue(rs.getInt(1) > 0 && rs.getInt(2) > 0, "transfer slots default to positive");
            }
        }
    }

    @CatalogTest
    void insertCountsOnlyNewTracksAndIsIdempotent(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        assertEquals(2500, store.insertTracks(tracks(2500)));
        assertEquals(0, store.insertTracks(tracks(2500)));
        List<Track> mixed = new ArrayList<>(tracks(10));
        mixed.add(new Track(0, "New Artist", "New Title", ""));
        mixed.add(new Track(0, "NEW ARTIST", "new  title!", "")); // same words: same track
        assertEquals(1, store.insertTracks(mixed));
        assertEquals(2501, store.countTracks());
        assertEquals(store.maxTrackId(), store.tracksAfter(0, 0, 1, 3000).get(2500).id());
    }

    @CatalogTest
    void emptyCatalogHasMaxIdsZero(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        assertEquals(0, store.maxTrackId());
        assertEquals(0, store.maxUpdateId());
        assertEquals(0, store.countTracks());
        assertEquals(0, store.insertTracks(List.of()));
    }

    @CatalogTest
    void tracksAfterReturnsOnlyTheShardsIdsAscending(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(100));
        List<Track> all = store.tracksAfter(0, 0, 1, 1000);
        assertEquals(100, all.size());
        long after = all.get(9).id();
        List<Track> shard2 = store.tracksAfter(after, 2, 3, 1000);
        assertFalse(shard2.isEmpty());
        long previous = after;
        for (Track t : shard2) {
            assertEquals(2, t.id() % 3, "id " + t.id());
            assertTrue(t.id() > previous, "ascending");
            previous = t.id();
        }
        long expected = all.stream().filter(t -> t.id() > after && t.id() % 3 == 2).count();
        assertEquals(expected, shard2.size());
        assertEquals(5, store.tracksAfter(after, 2, 3, 5).size());
        assertThrows(IllegalArgumentException.class, () -> store.tracksAfter(0, 3, 3, 10));
    }

    @CatalogTest
    void tracksByIdsKeepsTheRequestedOrderAndSkipsMissingIds(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(2100));
        List<Track> all = store.tracksAfter(0, 0, 1, 3000);
        long[] ids = new long[2003];
        for (int i = 0; i < 2000; i++) {
            ids[i] = all.get(2099 - i).id();
        }
        ids[2000] = 999_999_999L;
        ids[2001] = all.get(0).id();
        ids[2002] = -1;
        List<Track> got = store.tracksByIds(ids);
        assertEquals(2001, got.size());
        assertEquals(all.get(2099), got.get(0));
        assertEquals(all.get(0), got.get(2000));
    }

    @CatalogTest
    void tracksWithStatsJoinsHistoricalAvailabilityMissingAsZeroInAscendingIdOrder(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(2500));
        long[] all = store.tracksAfter(0, 0, 1, 3000).stream().mapToLong(Track::id).toArray();
        db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?), (?, ?)",
                all[3], 2.5, all[2400], 7.0);
        long[] asked = new long[2002];
        for (int i = 0; i < 2000; i++) {
            asked[i] = all[i + 1]; // spans two IN lists
        }
        asked[2000] = all[2400];
        asked[2001] = all[2499] + 1000; // not in the catalog
        List<Long> ids = new ArrayList<>();
        List<Double> hist = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        int n = store.tracksWithStats(asked, (id, artist, title, album, h) -> {
            ids.add(id);
            hist.add(h);
            titles.add(title);
        });
        assertEquals(2001, n);
        assertEquals(2001, ids.size());
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "ascending");
        }
        assertEquals(all[1], ids.get(0));
        assertEquals("Title 1", titles.get(0));
        assertEquals(0.0, hist.get(0), "no statistics row: 0");
        assertEquals(2.5, hist.get(2));
        assertEquals(all[2400], ids.get(2000));
        assertEquals(7.0, hist.get(2000));
        assertEquals(0, store.tracksWithStats(new long[0], (id, a, t, al, h) -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> store.tracksWithStats(new long[] {all[2], all[1]}, (id, a, t, al, h) -> { }));
    }

    @CatalogTest
    void historicalAvailabilityFillsEachIdsValueAcrossInListsZeroWithoutStatistics(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(2500));
        long[] all = store.tracksAfter(0, 0, 1, 3000).stream().mapToLong(Track::id).toArray();
        db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?), (?, ?), (?, ?)",
                all[0], 1.25, all[1500], 3.0, all[2499], 9.5);
        long[] asked = Arrays.copyOf(all, 2501);
        asked[2500] = all[2499] + 1000; // not in the catalog
        double[] out = new double[asked.length + 3];
        Arrays.fill(out, -1);
        store.historicalAvailability(asked, out);
        assertEquals(1.25, out[0]);
        assertEquals(0.0, out[1], "no statistics row: 0");
        assertEquals(3.0, out[1500], "second IN list");
        assertEquals(9.5, out[2499], "third IN list");
        assertEquals(0.0, out[2500]);
        assertEquals(-1.0, out[2501], "past the ids: untouched");
        assertThrows(IllegalArgumentException.class,
                () -> store.historicalAvailability(new long[] {all[2], all[1]}, new double[2]));
        assertThrows(IllegalArgumentException.class, () -> store.historicalAvailability(all, new double[1]));
    }

    @CatalogTest
    void updateTrackChangesFieldsAndLogsAReindex(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(3));
        Track first = store.tracksAfter(0, 0, 1, 1).get(0);
        long before = store.maxUpdateId();
        assertTrue(store.updateTrack(new Track(first.id(), "Beyoncé", "Halo", "I Am... Sasha Fierce")));
        assertEquals(List.of(new Track(first.id(), "Beyoncé", "Halo", "I Am... Sasha Fierce")),
                store.tracksByIds(new long[] {first.id()}));
        List<IndexUpdate> updates = store.updatesAfter(before, 10);
        assertEquals(1, updates.size());
        assertEquals(first.id(), updates.get(0).trackId());
        assertEquals(IndexUpdate.Kind.REINDEX, updates.get(0).kind());
        // The key was recomputed: the same song spelled differently is now a duplicate.
        assertEquals(0, store.insertTracks(List.of(new Track(0, "BEYONCE", "halo", "i am sasha fierce"))));
        assertFalse(store.updateTrack(new Track(999_999, "x", "y", "")));
        assertEquals(1, store.updatesAfter(before, 10).size());
    }

    @CatalogTest
    void updateToAnotherTracksKeyIsRefused(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(2));
        List<Track> two = store.tracksAfter(0, 0, 1, 2);
        Track copy = new Track(two.get(0).id(), two.get(1).artist(), two.get(1).title(), two.get(1).album());
        assertThrows(CatalogException.class, () -> store.updateTrack(copy));
        assertEquals(0, store.maxUpdateId(), "the failed transaction logged nothing");
    }

    @CatalogTest
    void deleteTrackRemovesRowAndStatsAndLogsADelete(TestCatalog db) throws SQLException {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(3));
        long id = store.tracksAfter(0, 0, 1, 1).get(0).id();
        db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?)", id, 3.5);
        assertTrue(store.deleteTrack(id));
        assertEquals(2, store.countTracks());
        try (Connection c = db.catalog().connection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM track_stats WHERE track_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(0, rs.getLong(1));
            }
        }
        assertEquals(List.of(new IndexUpdate(store.maxUpdateId(), id, IndexUpdate.Kind.DELETE)), store.updatesAfter(0, 10));
        assertFalse(store.deleteTrack(id));
        assertEquals(1, store.updatesAfter(0, 10).size());
    }

    @CatalogTest
    void addedIndexUpdatesAreReadBackInOrderAfterAnId(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.addIndexUpdate(7, IndexUpdate.Kind.REINDEX);
        store.addIndexUpdate(8, IndexUpdate.Kind.DELETE);
        store.addIndexUpdate(9, IndexUpdate.Kind.REINDEX);
        List<IndexUpdate> all = store.updatesAfter(0, 10);
        assertEquals(List.of(7L, 8L, 9L), all.stream().map(IndexUpdate::trackId).toList());
        assertEquals(IndexUpdate.Kind.DELETE, all.get(1).kind());
        assertEquals(all.subList(1, 3), store.updatesAfter(all.get(0).id(), 10));
        assertEquals(all.subList(0, 1), store.updatesAfter(0, 1));
        assertEquals(all.get(2).id(), store.maxUpdateId());
    }

    @CatalogTest
    void indexUpdateKindOutsideTheListIsRejectedBySchema(TestCatalog db) {
        assertThrows(CatalogException.class,
                () -> db.catalog().update("INSERT INTO index_updates (track_id, kind) VALUES (?, ?)", 1L, "bogus"));
    }

    @CatalogTest
    void updateOrDeleteWithoutWhereIsRefusedByTheApi(TestCatalog db) {
        new TrackStore(db.catalog()).insertTracks(tracks(3));
        assertThrows(UnsafeStatementException.class, () -> db.catalog().update("UPDATE tracks SET album = ?", "x"));
        assertThrows(UnsafeStatementException.class, () -> db.catalog().update("delete from tracks"));
        assertEquals(3, new TrackStore(db.catalog()).countTracks());
    }

    @CatalogTest
    void updateWithoutKeyIsRefusedByTheServerOnMariaDbOnly(TestCatalog db) throws SQLException {
        new TrackStore(db.catalog()).insertTracks(tracks(3));
        try (Connection c = db.catalog().dataSource().getConnection(); Statement s = c.createStatement()) {
            if (db.backend() == CatalogBackend.MARIADB) {
                SQLException noWhere = assertThrows(SQLException.class, () -> s.executeUpdate("UPDATE tracks SET album = 'x'"));
                assertEquals(1175, noWhere.getErrorCode(), noWhere.getMessage());
                SQLException noKey = assertThrows(SQLException.class, () -> s.executeUpdate("DELETE FROM tracks WHERE album = ''"));
                assertEquals(1175, noKey.getErrorCode(), noKey.getMessage());
                assertEquals(3, new TrackStore(db.catalog()).countTracks());
            } else {
                // H2 has no safe-updates mode: this is why Catalog.update checks statements itself.
                assertEquals(3, s.executeUpdate("UPDATE tracks SET album = 'x'"));
            }
        }
    }

    @CatalogTest
    void idsByNormKeysAnswersEachKeyInOrderWithZeroForUnknownOnes(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks(2100));
        List<Track> all = store.tracksAfter(0, 0, 1, 3000);
        List<byte[]> keys = new ArrayList<>();
        for (int i = 2099; i >= 0; i--) {
            keys.add(TrackKeys.normKey(all.get(i)));
        }
        keys.add(TrackKeys.normKey("Nobody", "Nothing", ""));
        keys.add(TrackKeys.normKey("ARTIST 5", "title 5!", "Album   5")); // another spelling of track 5
        long[] ids = store.idsByNormKeys(keys);
        assertEquals(2102, ids.length);
        assertEquals(all.get(2099).id(), ids[0]);
        assertEquals(all.get(0).id(), ids[2099]);
        assertEquals(0, ids[2100]);
        assertEquals(all.get(5).id(), ids[2101]);
        assertEquals(0, store.idsByNormKeys(List.of()).length);
        assertThrows(IllegalArgumentException.class, () -> store.idsByNormKeys(List.of(new byte[3])));
    }
}
