package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TrackRowsTest {

    @Test
    void rowsKeepTheirColumnsTogetherWhenSortedIntoHistoricalOrder() {
        TrackRows rows = TrackRows.builder(1)
                .add(5, "A5", "T5", "", 1.0)
                .add(7, "A7", "T7", "L7", 4.0)
                .add(9, "A9", "T9", "", 1.0)
                .add(11, "A11", "T11", "", 0.0)
                .add(12, "A12", "T12", "", 4.0)
                .build();
        TrackRows ranked = rows.inHistoricalOrder();
        assertArrayEquals(new long[] {7, 12, 5, 9, 11}, ranked.ids());
        assertArrayEquals(new double[] {4, 4, 1, 1, 0}, ranked.historicalColumn());
        for (int i = 0; i < ranked.size(); i++) {
            assertEquals("A" + ranked.id(i), ranked.artist(i));
            assertEquals("T" + ranked.id(i), ranked.title(i));
        }
        assertEquals("L7", ranked.album(0));
        assertArrayEquals(new long[] {5, 7, 9, 11, 12}, rows.ids(), "the original is unchanged");
    }

    @Test
    void concatenatedSlicesKeepTheirOrder() {
        TrackRows a = TrackRows.builder(2).add(1, "A1", "T1", "", 0).add(2, "A2", "T2", "", 2).build();
        TrackRows b = TrackRows.builder(2).build();
        TrackRows c = TrackRows.builder(2).add(5, "A5", "T5", "L5", 1).build();
        TrackRows all = TrackRows.concat(java.util.List.of(a, b, c));
        assertArrayEquals(new long[] {1, 2, 5}, all.ids());
        assertArrayEquals(new double[] {0, 2, 1}, all.historicalColumn());
        assertEquals("L5", all.album(2));
        assertEquals("A2", all.artist(1));
    }

    @Test
    void anEmptyBuilderBuildsNoRows() {
        assertEquals(0, TrackRows.builder(0).build().inHistoricalOrder().size());
    }
}
