package io.constellation.gateway.availability.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AvailabilityTableTest {

    private final AvailabilityTable table = new AvailabilityTable();

    @Test
    void unknownTracksCountZeroAnywhereInTheIdRange() {
        assertEquals(0, table.get(0));
        assertEquals(0, table.get(Integer.MAX_VALUE));
        table.add(5, 1);
        assertEquals(0, table.get(AvailabilityTable.PAGE_SIZE * 3 + 5), "a page never allocated");
    }

    @Test
    void aBulkReadAnswersWhatSingleReadsDoInPlaceAndOnlyForTheFirstN() {
        table.add(3, 7);
        table.add(AvailabilityTable.PAGE_SIZE + 9, 2);
        table.add(AvailabilityTable.PAGE_SIZE * 5, 1);
        int[] ids = {3, AvailabilityTable.PAGE_SIZE + 9, 4, AvailabilityTable.PAGE_SIZE * 3, Integer.MAX_VALUE,
                     AvailabilityTable.PAGE_SIZE * 5, 3, 42};
        int[] expected = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            expected[i] = table.get(ids[i]);
        }
        expected[ids.length - 1] = 42; // past n: left as it was
        table.getAll(ids, ids.length - 1);
        assertArrayEquals(expected, ids);
        assertArrayEquals(new int[] {7, 2, 0, 0, 0, 1, 7, 42}, ids);
    }

    @Test
    void countsAddUpAcrossPagesAndTheAvailableTracksAreCounted() {
        table.add(1, 2);
        table.add(1, 3);
        table.add(AvailabilityTable.PAGE_SIZE * 2 + 1, 4);
        table.add(Integer.MAX_VALUE, 1);
        assertEquals(5, table.get(1));
        assertEquals(4, table.get(AvailabilityTable.PAGE_SIZE * 2 + 1));
        assertEquals(1, table.get(Integer.MAX_VALUE));
        assertEquals(3, table.availableTracks());
        table.add(1, -5);
        assertEquals(0, table.get(1));
        assertEquals(2, table.availableTracks());
    }

    @Test
    void aSumBelowZeroIsReportedAndStoredAsZero() {
        table.add(9, 1);
        assertEquals(-1, table.add(9, -2));
        assertEquals(0, table.get(9));
        assertEquals(-3, table.add(123_456, -3), "a decrease of a track never seen");
        assertEquals(0, table.availableTracks());
    }

    @Test
    void aRangeScanVisitsAvailableTracksInOrderAndOnlyInRange() {
        table.add(3, 1);
        table.add(10, 2);
        table.add(AvailabilityTable.PAGE_SIZE + 7, 3);
        table.add(AvailabilityTable.PAGE_SIZE * 5, 4);
        table.add(Integer.MAX_VALUE, 5);
        assertEquals(List.of(10, AvailabilityTable.PAGE_SIZE + 7), scan(4, AvailabilityTable.PAGE_SIZE * 5L - 1));
        assertEquals(List.of(3, 10, AvailabilityTable.PAGE_SIZE + 7, AvailabilityTable.PAGE_SIZE * 5, Integer.MAX_VALUE),
                scan(-10, Long.MAX_VALUE));
        assertEquals(List.of(), scan(Integer.MAX_VALUE + 1L, Long.MAX_VALUE));
    }

    private List<Integer> scan(long from, long to) {
        List<Integer> ids = new ArrayList<>();
        table.forEachAvailable(from, to, (id, n) -> ids.add(id));
        return ids;
    }
}
