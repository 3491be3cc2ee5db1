package io.constellation.cache.store;

import io.constellation.cache.store.internal.ByteSink;
import io.constellation.common.search.QueryKey;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The compactness the file format's Javadoc claims, on a realistic catalog of 100,000
 * tracks (a smaller catalog repeats fewer strings per result set than the 5,000,000 the
 * Javadoc's figures come from, so the bounds here are a little looser).
 */
class ResultFileSizeTest {

    private static QueryKey key;
    private static ResultSet rows;

    @BeforeAll
    static void generate() throws Exception {
        key = QueryKey.of("love");
        rows = RealisticSets.resultSets(100_000, key)[0];
    }

    @Test
    void realisticResultSetIsLarge() {
        assertTrue(rows.size() > 3000, "rows " + rows.size());
    }

    @Test
    void wholeRowsTakeUnderTwentyFiveBytesInAFileAndRoundTrip() {
        ByteSink image = ResultFile.encode(new CacheEntry(key, 1, 0, false, rows));
        assertTrue(image.size() < 25.0 * rows.size(), image.size() / (double) rows.size() + " B/row");
        byte[] bytes = Arrays.copyOf(image.array(), image.size());
        ReadOutcome.Hit hit = assertInstanceOf(ReadOutcome.Hit.class, ResultFile.decode(bytes, Path.of("x"), key));
        assertEquals(rows, hit.entry().results());
    }

    @Test
    void rankOrderDeltasBeatAscendingIdsPlusAPermutation() {
        int ours = RealisticSets.columnBytes(key, rows, true);
        int alternative = RealisticSets.ascendingPlusPermutationBytes(rows);
        assertTrue(ours < alternative, "ours " + ours + " B, ascending + permutation " + alternative + " B");
        assertTrue(ours < 3.0 * rows.size(), ours / (double) rows.size() + " B/row for ids");
    }

    @Test
    void historicalAvailabilityTakesAboutOneByteARow() {
        int bytes = RealisticSets.columnBytes(key, rows, false);
        assertTrue(bytes < 1.6 * rows.size(), bytes / (double) rows.size() + " B/row for historical availability");
    }

    @Test
    void memoryFootprintIsUnderSeventyTwoBytesARow() {
        assertTrue(rows.estimatedBytes() < 72L * rows.size(), rows.estimatedBytes() / (double) rows.size() + " B/row");
    }
}
