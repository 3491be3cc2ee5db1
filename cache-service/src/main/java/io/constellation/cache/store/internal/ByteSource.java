package io.constellation.cache.store.internal;

/**
 * Reads what a {@link ByteSink} wrote, checking every read against the end so that a
 * malformed input ends in {@link MalformedDataException}, never in an out-of-bounds read or
 * a huge allocation. Not thread-safe: one decoder at a time.
 */
public final class ByteSource {

    private final byte[] buf;
    private final int end;
    private int pos;

    /** Reads {@code buf[from, to)}. */
    public ByteSource(byte[] buf, int from, int to) {
        this.buf = buf;
        this.pos = from;
        this.end = to;
    }

    /** Offset of the next byte to read. */
    public int position() {
        return pos;
    }

    /** Bytes left to read. */
    public int remaining() {
        return end - pos;
    }

    /** Skips {@code n} bytes, returning the offset they start at. */
    public int skip(int n) throws MalformedDataException {
        need(n);
        int at = pos;
        pos += n;
        return at;
    }

    public int getUnsignedShort() throws MalformedDataException {
        need(2);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int getInt() throws MalformedDataException {
        need(4);
        int v = intAt(buf, pos);
        pos += 4;
        return v;
    }

    public long getLong() throws MalformedDataException {
        long lo = getInt() & 0xFFFFFFFFL;
        return lo | ((long) getInt() << 32);
    }

    /** An unsigned varint of at most 10 bytes. */
    public long getVarLong() throws MalformedDataException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            need(1);
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new MalformedDataException("varint longer than 10 bytes at " + (pos - 10));
    }

    /** An unsigned varint that must lie in {@code [0, max]}. */
    public int getVarInt(int max) throws MalformedDataException {
        long v = getVarLong();
        if (v < 0 || v > max) {
            throw new MalformedDataException("value " + v + " out of range 0.." + max + " at " + pos);
        }
        return (int) v;
    }

    /** A zig-zag varint. */
    public long getZigZag() throws MalformedDataException {
        long v = getVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** The little-endian int at {@code offset} of {@code b}. */
    public static int intAt(byte[] b, int offset) {
        return (b[offset] & 0xFF) | (b[offset + 1] & 0xFF) << 8 | (b[offset + 2] & 0xFF) << 16
                | (b[offset + 3] & 0xFF) << 24;
    }

    private void need(int n) throws MalformedDataException {
        if (n < 0 || n > end - pos) {
            throw new MalformedDataException("needs " + n + " bytes at " + pos + ", " + (end - pos) + " left");
        }
    }
}
