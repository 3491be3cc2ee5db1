package io.constellation.cache.search.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SortedMergeTest {

    @Test
    void shardListsMergeIntoOneAscendingList() {
        long[] merged = SortedMerge.merge(new long[][] {{0, 4, 8}, {1, 5}, {}, {3, 7, 11, 15}});
        assertArrayEquals(new long[] {0, 1, 3, 4, 5, 7, 8, 11, 15}, merged);
    }

    @Test
    void randomListsMergeLikeASortedSetOfAllIds() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 100; round++) {
            int k = random.nextInt(1, 12);
            long[][] lists = new long[k][];
            TreeSet<Long> all = new TreeSet<>();
            for (int l = 0; l < k; l++) {
                lists[l] = random.longs(random.nextInt(0, 200), 0, 5000).sorted().distinct().toArray();
                Arrays.stream(lists[l]).forEach(all::add);
            }
            long[] expected = all.stream().mapToLong(Long::longValue).toArray();
            assertArrayEquals(expected, SortedMerge.merge(lists), "round " + round);
        }
    }

    @Test
    void anIdInSeveralListsAppearsOnce() {
        assertArrayEquals(new long[] {1, 2, 3}, SortedMerge.merge(new long[][] {{1, 2}, {2, 3}, {1, 3}}));
    }

    @Test
    void aListOutOfOrderIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SortedMerge.merge(new long[][] {{1, 2}, {5, 4}}));
        assertTrue(e.getMessage().startsWith("list 1 "), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SortedMerge.merge(new long[][] {{3, 3}}));
    }

    @Test
    void noListsOrOnlyEmptyOnesGiveNothing() {
        assertArrayEquals(new long[0], SortedMerge.merge(new long[0][]));
        assertArrayEquals(new long[0], SortedMerge.merge(new long[][] {{}, {}}));
    }
}
