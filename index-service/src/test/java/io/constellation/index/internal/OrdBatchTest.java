package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrdBatchTest {

    private final IntArrayList got = new IntArrayList();
    private final OrdBatch batch = new OrdBatch();

    private OrdBatch start(int limit) {
        return batch.reset((ords, count) -> got.addElements(got.size(), ords, 0, count), limit);
    }

    @Test
    void bitsCrossingBatchesArriveInOrderAndComplete() {
        OrdBatch out = start(Integer.MAX_VALUE);
        for (int word = 0; word < 100; word++) {
            out.addBits(word << 6, -1L); // 64 bits a word: 6,400 ords over several batches
        }
        out.flush();
        assertArrayEquals(IntStream.range(0, 6_400).toArray(), got.toIntArray());
    }

    @Test
    void theLimitStopsInTheMiddleOfABitsetWord() {
        OrdBatch out = start(5);
        out.addBits(128, 0b1011_0110L);
        out.addBits(192, 0b11L);
        out.flush();
        assertArrayEquals(new int[] {129, 130, 132, 133, 135}, got.toIntArray());
        assertTrue(out.full());
    }

    @Test
    void containersAndSingleOrdsShareTheLimit() {
        char[] lows = new char[3_000];
        for (int i = 0; i < lows.length; i++) {
            lows[i] = (char) (i * 2);
        }
        OrdBatch out = start(2_500);
        out.add(7);
        out.addContainer(1 << 16, lows, 0, lows.length);
        out.add(1 << 20);
        out.flush();
        assertTrue(got.size() == 2_500, "got " + got.size());
        assertTrue(got.getInt(0) == 7 && got.getInt(1) == (1 << 16) && got.getInt(2_499) == (1 << 16) + 2 * 2_498);
    }

    @Test
    void idModeWritesScaledIdsInPlace() {
        long[] ids = new long[200];
        OrdBatch out = batch.reset(ids, 200, 3, 1);
        out.add(2);
        out.addContainer(1 << 16, new char[] {0, 5}, 0, 2);
        out.addBits(128, 0b101L);
        out.flush();
        long[] expected = {2 * 3 + 1, (1L << 16) * 3 + 1, ((1L << 16) + 5) * 3 + 1, 128 * 3 + 1, 130 * 3 + 1};
        assertArrayEquals(expected, Arrays.copyOf(ids, 5));
    }

    @Test
    void idModeNeverWritesAtOrPastTheLimitEvenWhileDecodingWholeWords() {
        for (int limit = 0; limit < 80; limit++) {
            long[] ids = new long[100];
            Arrays.fill(ids, -7);
            OrdBatch out = batch.reset(ids, limit, 1, 0);
            out.addBits(new long[] {-1L, -1L}, 0, 2, 0);
            for (int i = 0; i < limit; i++) {
                assertEquals(i, ids[i], "limit " + limit);
            }
            for (int i = limit; i < ids.length; i++) {
                assertEquals(-7, ids[i], "limit " + limit + ", index " + i);
            }
            assertTrue(out.full());
        }
    }

    @Test
    void aBitsetRangeIsNumberedFromItsFirstOrdinal() {
        OrdBatch out = start(Integer.MAX_VALUE);
        long[] words = {0, 0b10L, 0, 1L << 63};
        out.addBits(words, 1, 4, 1000);
        out.flush();
        assertArrayEquals(new int[] {1001, 1000 + 128 + 63}, got.toIntArray());
    }

    @Test
    void filteringKeepsTheCandidatesInEverySetAndCountsPastTheLimit() {
        SplittableRandom random = new SplittableRandom(3);
        long[] a = randomSet(random);
        long[] b = randomSet(random);
        char[] candidates = new char[5_000];
        for (int i = 0; i < candidates.length; i++) {
            candidates[i] = (char) (i * 13);
        }
        int base = 1 << 16;
        int[] inA = IntStream.range(0, candidates.length).map(i -> base | candidates[i]).filter(o -> has(a, o)).toArray();
        int[] inBoth = Arrays.stream(inA).filter(o -> has(b, o)).toArray();
        for (int limit : new int[] {Integer.MAX_VALUE, 700, 0}) {
            got.clear();
            OrdBatch out = start(limit);
            assertEquals(inA.length, out.addIfInAll(base, candidates, 0, candidates.length, new long[][] {a}, 1));
            out.flush();
            assertArrayEquals(Arrays.copyOf(inA, Math.min(limit, inA.length)), got.toIntArray());

            long[] ids = new long[inBoth.length + 10];
            out = batch.reset(ids, limit, 1, 0);
            assertEquals(inBoth.length, out.addIfInAll(base, candidates, 0, candidates.length, new long[][] {a, b}, 2));
            int kept = Math.min(limit, inBoth.length);
            assertArrayEquals(Arrays.stream(inBoth).limit(kept).asLongStream().toArray(), Arrays.copyOf(ids, kept));
        }
    }

    @Test
    void sinkModePassesExactlyTheLimitAcrossManyBatches() {
        OrdBatch out = start(2_000);
        long[] words = new long[100];
        Arrays.fill(words, -1L);
        out.addBits(words, 0, words.length, 0);
        out.flush();
        assertArrayEquals(IntStream.range(0, 2_000).toArray(), got.toIntArray());
    }

    private static long[] randomSet(SplittableRandom random) {
        long[] set = new long[(1 << 17) >>> 6];
        for (int i = 0; i < set.length; i++) {
            set[i] = random.nextLong() & random.nextLong();
        }
        return set;
    }

    private static boolean has(long[] set, int ord) {
        return (set[ord >>> 6] & (1L << ord)) != 0;
    }
}
