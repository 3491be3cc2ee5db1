package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.roaringbitmap.RoaringBitmap;

class PackedPostingsTest {

    private final QueryScratch scratch = new QueryScratch();

    @Test
    void andMatchesRoaringOverListsOfEveryShape() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 300; round++) {
            RoaringBitmap[] lists = new RoaringBitmap[2 + random.nextInt(3)];
            for (int i = 0; i < lists.length; i++) {
                lists[i] = randomList(random);
            }
            PackedPostings packed = PackedPostings.of(lists, new boolean[lists.length]);
            int[] words = byCardinality(lists);
            RoaringBitmap expected = lists[0].clone();
            for (RoaringBitmap list : lists) {
                expected.and(list);
            }
            IntArrayList got = new IntArrayList();
            int total = and(packed, words, new long[0][], got, Integer.MAX_VALUE);
            assertEquals(expected.getCardinality(), total, "round " + round);
            assertArrayEquals(expected.toArray(), got.toIntArray(), "round " + round);
        }
    }

    @Test
    void aRareWordGallopsThroughACommonOneInBothDirections() {
        RoaringBitmap common = RoaringBitmap.bitmapOfRange(0, 300_000);
        RoaringBitmap rare = RoaringBitmap.bitmapOf(5, 70_000, 70_001, 131_071, 299_999, 400_000);
        PackedPostings packed = PackedPostings.of(new RoaringBitmap[] {rare, common}, new boolean[2]);
        IntArrayList got = new IntArrayList();
        assertEquals(5, and(packed, new int[] {0, 1}, new long[0][], got, 100));
        assertArrayEquals(new int[] {5, 70_000, 70_001, 131_071, 299_999}, got.toIntArray());

        got.clear();
        // Common first (not the caller's contract, but the galloping must not depend on it).
        assertEquals(5, and(packed, new int[] {1, 0}, new long[0][], got, 100));
        assertArrayEquals(new int[] {5, 70_000, 70_001, 131_071, 299_999}, got.toIntArray());
    }

    @Test
    void theLimitCutsTheIdsButNotTheTotal() {
        RoaringBitmap a = RoaringBitmap.bitmapOfRange(0, 200_000);
        RoaringBitmap b = RoaringBitmap.bitmapOfRange(100_000, 400_000);
        PackedPostings packed = PackedPostings.of(new RoaringBitmap[] {a, b}, new boolean[2]);
        IntArrayList got = new IntArrayList();
        assertEquals(100_000, and(packed, new int[] {0, 1}, new long[0][], got, 2_500));
        assertEquals(2_500, got.size());
        assertEquals(100_000, got.getInt(0));
        assertEquals(102_499, got.getInt(2_499));
    }

    @Test
    void denseBitsetsFilterTheSurvivors() {
        RoaringBitmap sparse = RoaringBitmap.bitmapOf(1, 64, 65, 1_000, 70_000);
        long[] even = new long[(70_000 >>> 6) + 1];
        for (int ord = 0; ord <= 70_000; ord += 2) {
            even[ord >>> 6] |= 1L << ord;
        }
        PackedPostings packed = PackedPostings.of(new RoaringBitmap[] {sparse}, new boolean[1]);
        IntArrayList got = new IntArrayList();
        assertEquals(3, and(packed, new int[] {0}, new long[][] {even}, got, 10));
        assertArrayEquals(new int[] {64, 1_000, 70_000}, got.toIntArray());
    }

    @Test
    void emitAndToBitmapGiveBackEveryPostingOfTheirWordOnly() {
        SplittableRandom random = new SplittableRandom(11);
        RoaringBitmap[] lists = {randomList(random), randomList(random), randomList(random)};
        boolean[] skip = {false, true, false};
        PackedPostings packed = PackedPostings.of(lists, skip);
        for (int w : new int[] {0, 2}) {
            IntArrayList got = new IntArrayList();
            OrdBatch out = batch(got, Integer.MAX_VALUE);
            packed.emit(w, out);
            out.flush();
            assertArrayEquals(lists[w].toArray(), got.toIntArray());
            assertEquals(lists[w], packed.toBitmap(w));
        }
        assertEquals(0, packed.toBitmap(1).getCardinality(), "a skipped word has no containers");
    }

    @Test
    void containersThatFillAChunkExactlyOrSpillIntoTheNextKeepTheirValues() {
        RoaringBitmap fillsChunk = RoaringBitmap.bitmapOfRange(0, 2 * 65_536); // two full containers
        RoaringBitmap startsNext = RoaringBitmap.bitmapOfRange(65_536, 65_536 + 65_535);
        startsNext.add(5 << 16, (5 << 16) + 100);
        RoaringBitmap spills = RoaringBitmap.bitmapOfRange(3 << 16, 4 << 16);  // does not fit behind startsNext
        RoaringBitmap tiny = RoaringBitmap.bitmapOf(7, (3 << 16) + 5, 9 << 16);
        RoaringBitmap[] lists = {fillsChunk, startsNext, spills, tiny};
        PackedPostings packed = PackedPostings.of(lists, new boolean[lists.length]);
        long values = 0;
        for (int w = 0; w < lists.length; w++) {
            assertEquals(lists[w], packed.toBitmap(w), "word " + w);
            IntArrayList got = new IntArrayList();
            OrdBatch out = batch(got, Integer.MAX_VALUE);
            packed.emit(w, out);
            out.flush();
            assertArrayEquals(lists[w].toArray(), got.toIntArray(), "word " + w);
            values += lists[w].getCardinality();
        }
        assertTrue(packed.sizeInBytes() < 2 * values + 1_024, "no chunk is padded: " + packed.sizeInBytes());
        PackedPostings twoFullChunks = PackedPostings.of(new RoaringBitmap[] {fillsChunk, fillsChunk}, new boolean[2]);
        assertEquals(fillsChunk, twoFullChunks.toBitmap(1), "the end marker of a full last chunk");
        for (int[] pair : new int[][] {{3, 2}, {1, 0}, {3, 0}, {1, 2}}) {
            IntArrayList got = new IntArrayList();
            int total = and(packed, pair, new long[0][], got, Integer.MAX_VALUE);
            RoaringBitmap expected = RoaringBitmap.and(lists[pair[0]], lists[pair[1]]);
            assertEquals(expected.getCardinality(), total);
            assertArrayEquals(expected.toArray(), got.toIntArray());
        }
    }

    private int and(PackedPostings packed, int[] words, long[][] dense, IntArrayList into, int limit) {
        OrdBatch out = batch(into, limit);
        int total = packed.and(words, words.length, dense, dense.length, out, scratch);
        out.flush();
        return total;
    }

    private OrdBatch batch(IntArrayList into, int limit) {
        return scratch.batch((ords, count) -> into.addElements(into.size(), ords, 0, count), limit);
    }

    private static int[] byCardinality(RoaringBitmap[] lists) {
        Integer[] order = new Integer[lists.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(lists[x].getCardinality(), lists[y].getCardinality()));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    /** Lists from a handful of ids to whole 16-bit chunks, spread or clustered, so every path runs. */
    private static RoaringBitmap randomList(SplittableRandom random) {
        RoaringBitmap list = new RoaringBitmap();
        int shape = random.nextInt(4);
        int range = 1 << (12 + random.nextInt(9));
        int size = switch (shape) {
            case 0 -> 1 + random.nextInt(20);
            case 1 -> random.nextInt(range / 16 + 1) + 1;
            case 2 -> random.nextInt(range / 2 + 1) + 1;
            default -> range;
        };
        if (shape == 3) {
            int from = random.nextInt(1 << 18);
            list.add((long) from, (long) from + range);
            return list;
        }
        for (int i = 0; i < size; i++) {
            list.add(random.nextInt(range));
        }
        return list;
    }
}
