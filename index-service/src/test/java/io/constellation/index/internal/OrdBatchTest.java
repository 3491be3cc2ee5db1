package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.ints.IntArrayList;
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
}
