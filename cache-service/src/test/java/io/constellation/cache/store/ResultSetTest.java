package io.constellation.cache.store;

import io.constellation.proto.search.v1.SearchResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultSetTest {

    @Test
    void buildKeepsTheOrderRowsWereAdded() {
        ResultSet rows = ResultSet.builder(1)
                .add(30, 1.0, "A", "x", "Alb")
                .add(10, 5.0, "B", "y", null)
                .add(20, 3.0, "A", "z", "Alb")
                .build();
        assertEquals(3, rows.size());
        assertEquals(30, rows.trackId(0));
        assertEquals(10, rows.trackId(1));
        assertEquals(5.0, rows.historicalAvailability(1));
        assertEquals("B", rows.artist(1));
        assertEquals("y", rows.title(1));
        assertEquals("", rows.album(1), "a null album is stored as empty");
        assertEquals("Alb", rows.album(2));
    }

    @Test
    void buildRankedOrdersByHistoricalAvailabilityThenId() {
        ResultSet rows = ResultSet.builder(4)
                .add(4, 0.0, "a", "t4", "")
                .add(9, 2.5, "a", "t9", "")
                .add(1, 0.0, "a", "t1", "")
                .add(7, 2.5, "a", "t7", "")
                .add(3, 10.0, "a", "t3", "")
                .buildRanked();
        long[] expected = {3, 7, 9, 1, 4};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], rows.trackId(i));
            assertEquals("t" + expected[i], rows.title(i), "display fields move with their row");
        }
    }

    @Test
    void eachDistinctStringIsHeldOnce() {
        ResultSet.Builder b = ResultSet.builder(1000);
        for (int i = 0; i < 1000; i++) {
            b.add(i, 0, "The Beatles", "Song " + i, "Abbey Road");
        }
        ResultSet rows = b.build();
        assertEquals(1002, rows.distinctStrings());
        assertEquals("The Beatles", rows.artist(999));
        assertEquals("Abbey Road", rows.album(500));
        // 8 + 8 + 12 bytes of arrays a row, plus ~8 of title text and 4 of offset.
        assertTrue(rows.estimatedBytes() < 1000 * 44, "estimated " + rows.estimatedBytes());
        assertTrue(rows.estimatedBytes() > 1000 * 28, "estimated " + rows.estimatedBytes());
    }

    @Test
    void unicodeTextRoundTrips() {
        ResultSet rows = ResultSet.builder(1).add(1, 1, "Sigur Rós", "夜に駆ける", "🎵").build();
        assertEquals("Sigur Rós", rows.artist(0));
        assertEquals("夜に駆ける", rows.title(0));
        assertEquals("🎵", rows.album(0));
    }

    @Test
    void utf8ViewsHoldTheSameText() {
        ResultSet rows = ResultSet.builder(1).add(1, 1, "Sigur Rós", "夜に駆ける", "").build();
        assertEquals("Sigur Rós", rows.artistUtf8(0).toStringUtf8());
        assertEquals("夜に駆ける", rows.titleUtf8(0).toStringUtf8());
        assertTrue(rows.albumUtf8(0).isEmpty());
        assertEquals(SearchResult.newBuilder().setArtist("Sigur Rós").build(),
                SearchResult.newBuilder().setArtistBytes(rows.artistUtf8(0)).build());
    }

    @Test
    void copyTrackIdsCopiesARangeInRankOrder() {
        ResultSet rows = TestRows.sample(100, 9);
        long[] ids = rows.copyTrackIds(10, 20);
        assertEquals(10, ids.length);
        for (int i = 0; i < 10; i++) {
            assertEquals(rows.trackId(10 + i), ids[i]);
        }
        ids[0] = -1;
        assertTrue(rows.trackId(10) != -1, "a copy, not a view");
    }

    @Test
    void emptyBuilderGivesTheEmptySet() {
        assertSame(ResultSet.empty(), ResultSet.builder(0).build());
        assertEquals(0, ResultSet.empty().size());
    }

    @Test
    void nanHistoricalAvailabilityIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> ResultSet.builder(1).add(1, Double.NaN, "a", "b", "c"));
    }

    @Test
    void equalRowsMakeEqualSets() {
        assertEquals(TestRows.sample(500, 3), TestRows.sample(500, 3));
        assertTrue(!TestRows.sample(500, 3).equals(TestRows.sample(500, 4)));
    }
}
