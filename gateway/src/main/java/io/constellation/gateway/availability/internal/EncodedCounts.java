package io.constellation.gateway.availability.internal;

import io.grpc.Drainable;
import io.grpc.KnownLength;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A {@code GetAvailabilityResponse} written straight into its protobuf bytes as the counts
 * are looked up: {@code counts} (field 1, packed uint32) then {@code servers_reporting}
 * (field 2, omitted when 0, as proto3 encoders do). The bytes are exactly what the
 * generated encoder writes, so any protobuf client reads them.
 *
 * <p>The packed field's length prefix is only known at the end, so the counts are written
 * from {@value #HEADER_ROOM} bytes in and the tag and length are put right before them
 * when {@link #finish} knows the length: no second pass and no copy.
 *
 * <p>Written by one thread (the call's), then handed to gRPC, which reads it once through
 * {@link #stream()}.
 */
final class EncodedCounts {

    /** Room for the tag of field 1 and a length varint of up to 5 bytes. */
    static final int HEADER_ROOM = 6;
    private static final byte COUNTS_TAG = (1 << 3) | 2; // field 1, length-delimited
    private static final byte SERVERS_TAG = 2 << 3; // field 2, varint

    private byte[] buf;
    private int pos = HEADER_ROOM;
    private int start = -1;

    /**
     * Room for {@code ids} counts below 16,384 (two bytes each; a count is the number of
     * online satellites sharing a track); the buffer grows in the rare case of more.
     */
    EncodedCounts(int ids) {
        this.buf = new byte[HEADER_ROOM + 2 * ids + 16];
    }

    /** Wraps bytes that are already an encoded response (a client reading one). */
    static EncodedCounts ofBytes(byte[] bytes) {
        EncodedCounts e = new EncodedCounts(0);
        e.buf = bytes;
        e.start = 0;
        e.pos = bytes.length;
        return e;
    }

    /** Appends one count (never negative: totals are clamped at 0). */
    void add(int count) {
        if (buf.length - pos < 5) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        pos = writeVarint(buf, pos, count);
    }

    /** Ends the counts and appends {@code serversReporting}; the response is complete. */
    EncodedCounts finish(int serversReporting) {
        int length = pos - HEADER_ROOM;
        if (length == 0) {
            start = HEADER_ROOM; // an empty repeated field is left out altogether
        } else {
            int header = 1 + varintSize(length);
            start = HEADER_ROOM - header;
            buf[start] = COUNTS_TAG;
            writeVarint(buf, start + 1, length);
        }
        if (serversReporting != 0) {
            if (buf.length - pos < 6) {
                buf = Arrays.copyOf(buf, pos + 6);
            }
            buf[pos++] = SERVERS_TAG;
            pos = writeVarint(buf, pos, serversReporting);
        }
        return this;
    }

    /** Encoded size in bytes. */
    int size() {
        return pos - start;
    }

    /** A copy of the encoded bytes (tests and clients). */
    byte[] toByteArray() {
        return Arrays.copyOfRange(buf, start, pos);
    }

    /**
     * The bytes as gRPC wants to send them: a stream that tells its length and drains into
     * gRPC's buffers in one write.
     */
    InputStream stream() {
        if (start < 0) {
            throw new IllegalStateException("finish() the response before sending it");
        }
        return new Bytes(buf, start, pos);
    }

    /** Writes {@code value} as an unsigned varint at {@code at}; returns the position after it. */
    private static int writeVarint(byte[] b, int at, int value) {
        while ((value & ~0x7F) != 0) {
            b[at++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        b[at++] = (byte) value;
        return at;
    }

    private static int varintSize(int value) {
        return value < 0 ? 5 : (38 - Integer.numberOfLeadingZeros(value)) / 7 + (value == 0 ? 1 : 0);
    }

    /** A read-once view of encoded bytes. */
    private static final class Bytes extends InputStream implements KnownLength, Drainable {
        private final byte[] buf;
        private final int end;
        private int pos;

        Bytes(byte[] buf, int from, int to) {
            this.buf = buf;
            this.pos = from;
            this.end = to;
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int n = end - pos;
            target.write(buf, pos, n);
            pos = end;
            return n;
        }

        @Override
        public int read() {
            return pos < end ? buf[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (pos >= end) {
                return -1;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public int available() {
            return end - pos;
        }
    }
}
