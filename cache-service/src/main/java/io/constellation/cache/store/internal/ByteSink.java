package io.constellation.cache.store.internal;

import java.util.Arrays;

/**
 * A growable byte array written front to back: little-endian fixed-width numbers and
 * unsigned LEB128 varints. Used to encode a result file in one buffer (one allocation that
 * doubles as needed, then one write call). Not thread-safe: one encoder at a time.
 */
public final class ByteSink {

    private byte[] buf;
    private int size;

    /** A sink with room for {@code initialCapacity} bytes before it grows. */
    public ByteSink(int initialCapacity) {
        this.buf = new byte[Math.max(16, initialCapacity)];
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** The backing array; bytes {@code [0, size())} are the content. */
    public byte[] array() {
        return buf;
    }

    /** Makes room for at least {@code n} more bytes without writing them (see {@link #advance}). */
    public void ensureFree(int n) {
        ensure(n);
    }

    /** Room past {@link #size()} in {@link #array()}. */
    public int free() {
        return buf.length - size;
    }

    /** Counts {@code n} bytes written directly into {@link #array()} past {@link #size()}. */
    public void advance(int n) {
        if (n < 0 || n > buf.length - size) {
            throw new IllegalArgumentException("cannot advance " + n + " with " + (buf.length - size) + " free");
        }
        size += n;
    }

    /** Makes room for {@code n} more bytes and returns the offset they start at. */
    public int reserve(int n) {
        ensure(n);
        int at = size;
        size += n;
        return at;
    }

    public ByteSink putByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
        return this;
    }

    public ByteSink putShort(int v) {
        ensure(2);
        buf[size++] = (byte) v;
        buf[size++] = (byte) (v >>> 8);
        return this;
    }

    public ByteSink putInt(int v) {
        ensure(4);
        putIntAt(size, v);
        size += 4;
        return this;
    }

    /** Overwrites 4 bytes at {@code offset} (inside what was written) with {@code v}. */
    public void putIntAt(int offset, int v) {
        buf[offset] = (byte) v;
        buf[offset + 1] = (byte) (v >>> 8);
        buf[offset + 2] = (byte) (v >>> 16);
        buf[offset + 3] = (byte) (v >>> 24);
    }

    public ByteSink putLong(long v) {
        putInt((int) v);
        return putInt((int) (v >>> 32));
    }

    public ByteSink putBytes(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, buf, size, len);
        size += len;
        return this;
    }

    /** {@code v} as an unsigned varint: 7 bits a byte, low bits first, high bit = more follow. */
    public ByteSink putVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    /** {@code v} zig-zag encoded (small magnitudes of either sign are short) as a varint. */
    public ByteSink putZigZag(long v) {
        return putVarLong((v << 1) ^ (v >> 63));
    }

    private void ensure(int n) {
        if (size + n > buf.length) {
            long wanted = Math.max((long) buf.length * 2, (long) size + n);
            if (wanted > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("encoded data over 2 GiB");
            }
            buf = Arrays.copyOf(buf, (int) wanted);
        }
    }
}
