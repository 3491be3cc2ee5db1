package io.constellation.cache.store.internal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteSinkSourceTest {

    private static final long[] VALUES = {0, 1, -1, 63, -64, 64, 127, 128, 300, -300, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 35, -(1L << 35)};

    @Test
    void zigZagVarintsRoundTripAtTheExtremes() throws Exception {
        ByteSink sink = new ByteSink(1);
        for (long v : VALUES) {
            sink.putZigZag(v);
        }
        ByteSource in = new ByteSource(sink.array(), 0, sink.size());
        for (long v : VALUES) {
            assertEquals(v, in.getZigZag());
        }
        assertEquals(0, in.remaining());
    }

    @Test
    void smallMagnitudesTakeOneByteEitherSign() {
        ByteSink sink = new ByteSink(16);
        sink.putZigZag(-64).putZigZag(63);
        assertEquals(2, sink.size());
        sink.putZigZag(64);
        assertEquals(4, sink.size());
    }

    @Test
    void fixedWidthNumbersAreLittleEndian() throws Exception {
        ByteSink sink = new ByteSink(4);
        sink.putInt(0x04030201).putShort(0x0605).putLong(0x0E0D0C0B0A090807L).putByte(0x0F);
        byte[] expected = new byte[15];
        for (int i = 0; i < 15; i++) {
            expected[i] = (byte) (i + 1);
        }
        assertArrayEquals(expected, java.util.Arrays.copyOf(sink.array(), sink.size()));
        ByteSource in = new ByteSource(sink.array(), 0, sink.size());
        assertEquals(0x04030201, in.getInt());
        assertEquals(0x0605, in.getUnsignedShort());
        assertEquals(0x0E0D0C0B0A090807L, in.getLong());
    }

    @Test
    void putIntAtPatchesInPlace() {
        ByteSink sink = new ByteSink(8);
        int at = sink.reserve(4);
        sink.putByte(9);
        sink.putIntAt(at, 0x11223344);
        assertEquals(0x11223344, ByteSource.intAt(sink.array(), at));
        assertEquals(5, sink.size());
    }

    @Test
    void readingPastTheEndIsMalformedNotAnException() {
        byte[] bytes = {(byte) 0x80, (byte) 0x80};
        assertThrows(MalformedDataException.class, () -> new ByteSource(bytes, 0, 2).getVarLong());
        assertThrows(MalformedDataException.class, () -> new ByteSource(bytes, 0, 2).getInt());
        assertThrows(MalformedDataException.class, () -> new ByteSource(bytes, 0, 2).skip(3));
        assertThrows(MalformedDataException.class, () -> new ByteSource(bytes, 0, 2).skip(-1));
    }

    @Test
    void varintOfElevenBytesIsMalformed() {
        byte[] bytes = new byte[11];
        java.util.Arrays.fill(bytes, (byte) 0x80);
        bytes[10] = 1;
        assertThrows(MalformedDataException.class, () -> new ByteSource(bytes, 0, 11).getVarLong());
    }

    @Test
    void boundedVarintRejectsValuesOutOfRange() throws Exception {
        ByteSink sink = new ByteSink(4).putVarLong(10).putVarLong(11);
        ByteSource in = new ByteSource(sink.array(), 0, sink.size());
        assertEquals(10, in.getVarInt(10));
        assertThrows(MalformedDataException.class, () -> in.getVarInt(10));
    }

    @Test
    void advanceCannotPassTheArray() {
        ByteSink sink = new ByteSink(16);
        sink.ensureFree(100);
        int free = sink.free();
        sink.advance(free);
        assertEquals(free, sink.size());
        assertThrows(IllegalArgumentException.class, () -> sink.advance(1));
    }
}
