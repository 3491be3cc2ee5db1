package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void historicalOrderIsHighestFirstWithTiesByIdAscending() {
        long[] ids = {40, 10, 30, 20, 50};
        double[] hist = {1.5, 3.0, 3.0, 0.0, 1.5};
        int[] order = Ranking.historicalOrder(ids, hist, 5);
        long[] ranked = new long[5];
        for (int k = 0; k < 5; k++) {
            ranked[k] = ids[order[k]];
        }
        assertArrayEquals(new long[] {10, 30, 40, 50, 20}, ranked);
    }

    @Test
    void historicalOrderMatchesAComparatorSortOnRandomRowsWithManyTies() {
        SplittableRandom random = new SplittableRandom(23);
        for (int round = 0; round < 50; round++) {
            int n = random.nextInt(0, 3000);
            long[] ids = random.longs(n * 2L, 1, 1L << 40).distinct().limit(n).toArray();
            n = ids.length;
            double[] hist = new double[n + 3]; // longer than n: only the first n are rows
            for (int i = 0; i < n; i++) {
                hist[i] = random.nextDouble() < 0.5 ? 0 : random.nextInt(-3, 20) / 4.0;
            }
            double[] h = hist;
            int[] expected = java.util.stream.IntStream.range(0, n).boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -h[i]).thenComparingLong(i -> ids[i]))
                    .mapToInt(Integer::intValue).toArray();
            assertArrayEquals(expected, Ranking.historicalOrder(ids, hist, n), "round " + round);
        }
    }

    @Test
    void everyCurrentlyAvailableResultComesBeforeEveryUnavailableOneInHistoricalOrderWithinEachGroup() {
        // Historical order: positions 0..7. Available now: 2, 5, 6 (and 7 with a large count).
        int[] current = {0, 0, 1, 0, 0, 4, 1, 9};
        Page all = Ranking.page(current, 8, 8, 0, 200);
        assertArrayEquals(new int[] {2, 5, 6, 7, 0, 1, 3, 4}, all.positions(),
                "available in historical order, then unavailable in historical order: a partition, not a sort by count");
        assertEquals(8, all.total());
    }

    @Test
    void theRankingMatchesTheSeedRuleOnRandomResultSets() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int n = random.nextInt(0, 300);
            int[] current = randomCounts(random, n, random.nextDouble());
            Page page = Ranking.page(current, n, n, 0, Math.max(1, n));
            assertArrayEquals(reference(current), page.positions(), "round " + round);
        }
    }

    @Test
    void pagingThroughEveryPageReturnsEachResultExactlyOnceInRankOrder() {
        SplittableRandom random = new SplittableRandom(11);
        int n = 1003;
        int[] current = randomCounts(random, n, 0.3);
        int[] expected = reference(current);
        for (int limit : new int[] {1, 7, 20, 200}) {
            List<Integer> seen = new ArrayList<>();
            for (int offset = 0; offset < n; offset += limit) {
                Page page = Ranking.page(current, n, n, offset, limit);
                assertEquals(n, page.total());
                assertEquals(Math.min(limit, n - offset), page.size());
                for (int p : page.positions()) {
                    seen.add(p);
                }
            }
            assertEquals(n, seen.size(), "limit " + limit);
            for (int k = 0; k < n; k++) {
                assertEquals(expected[k], seen.get(k), "limit " + limit + ", rank " + k);
            }
        }
    }

    @Test
    void anOffsetAtOrPastTheEndGivesAnEmptyPageWithTheTotal() {
        int[] current = {1, 0, 1};
        Page past = Ranking.page(current, 3, 3, 3, 20);
        assertEquals(0, past.size());
        assertEquals(3, past.total());
        assertEquals(0, Ranking.page(current, 3, 3, 1_000_000, 200).size());
        assertEquals(0, Ranking.historicalPage(3, 5, 20).size());
        assertEquals(0, Ranking.page(new int[0], 0, 0, 0, 20).size());
    }

    @Test
    void aPrefixHoldingEnoughAvailableResultsPlacesThePageExactlyAsTheWholeSetWould() {
        SplittableRandom random = new SplittableRandom(3);
        int n = 2000;
        int[] current = randomCounts(random, n, 0.2);
        for (int offset : new int[] {0, 20, 100}) {
            int end = offset + 20;
            int known = prefixWithAvailable(current, end);
            assertTrue(Ranking.placesPage(current, known, n, offset, 20));
            assertArrayEquals(Ranking.page(current, n, n, offset, 20).positions(),
                    Ranking.page(current, known, n, offset, 20).positions(), "offset " + offset);
        }
    }

    @Test
    void aPrefixWithTooFewAvailableResultsIsRefusedRatherThanMisplacingThePage() {
        int[] current = {1, 0, 0, 1, 0, 0};
        assertFalse(Ranking.placesPage(current, 4, 6, 0, 3), "2 available known, 3 needed");
        assertThrows(IllegalArgumentException.class, () -> Ranking.page(current, 4, 6, 0, 3));
        assertTrue(Ranking.placesPage(current, 4, 6, 0, 2));
        assertArrayEquals(new int[] {0, 3}, Ranking.page(current, 4, 6, 0, 2).positions());
        assertTrue(Ranking.placesPage(current, 4, 6, 6, 2), "past the end needs nothing");
    }

    @Test
    void historicalPageIsTheSliceOfTheHistoricalOrder() {
        assertArrayEquals(new int[] {5, 6, 7}, Ranking.historicalPage(8, 5, 20).positions());
        assertArrayEquals(new int[] {2, 3}, Ranking.historicalPage(8, 2, 2).positions());
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Ranking.page(new int[2], 2, 2, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> Ranking.page(new int[2], 2, 2, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Ranking.page(new int[2], 3, 3, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Ranking.historicalOrder(new long[2], new double[1], 2));
    }

    /** The seed's rule written the obvious way: a stable sort on "is available", boxed and slow. */
    private static int[] reference(int[] current) {
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < current.length; i++) {
            positions.add(i);
        }
        positions.sort(Comparator.comparing(i -> current[i] > 0 ? 0 : 1)); // List.sort is stable
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] randomCounts(SplittableRandom random, int n, double availableShare) {
        int[] current = new int[n];
        for (int i = 0; i < n; i++) {
            current[i] = random.nextDouble() < availableShare ? random.nextInt(1, 50) : 0;
        }
        return current;
    }

    private static int prefixWithAvailable(int[] current, int needed) {
        int available = 0;
        for (int i = 0; i < current.length; i++) {
            if (current[i] > 0 && ++available == needed) {
                return i + 1;
            }
        }
        return current.length;
    }
}
