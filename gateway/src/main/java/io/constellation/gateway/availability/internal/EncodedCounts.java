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
 * <p>The counts are written from {@value #HEADER_ROOM} bytes in and the tag and length of
 * the packed field put right before them, so the array needs no copy whatever the length
 * prefix's size. Immutable once made; gRPC reads it once through {@link #stream()}.
 */
final class EncodedCounts {

    /** Room for the tag of field 1 and a length varint of up to 5 bytes. */
    static final int HEADER_ROOM = 6;
    private static final byte COUNTS_TAG = (1 << 3) | 2; // field 1, length-delimited
    private static final byte SERVERS_TAG = 2 << 3; // field 2, varint

    private final byte[] buf;
    private final int start;
    private final int end;

    private EncodedCounts(byte[] buf, int start, int end) {
        this.buf = buf;
        this.start = start;
        this.end = end;
    }

    /**
     * The response for {@code counts[0, n)} (none negative: totals are clamped at 0) and
     * {@code serversReporting}, in one array of the exact size: the counts are sized in one
     * pass over values already in cache, then written.
     */
    static EncodedCounts of(int[] counts, int n, int serversReporting) {
        int length = 0;
        for (int i = 0; i < n; i++) {
            length += varintSize(counts[i]);
        }
        int trailer = serversReporting == 0 ? 0 : 1 + varintSize(serversReporting);
        byte[] buf = new byte[HEADER_ROOM + length + trailer];
        int at = HEADER_ROOM;
        for (int i = 0; i < n; i++) {
            at = writeVarint(buf, at, counts[i]);
        }
        int start = HEADER_ROOM;
        if (length > 0) { // an empty repeated field is left out altogether
            start = HEADER_ROOM - 1 - varintSize(length);
            buf[start] = COUNTS_TAG;
            writeVarint(buf, start + 1, length);
        }
        if (trailer > 0) {
            buf[at++] = SERVERS_TAG;
            at = writeVarint(buf, at, serversReporting);
        }
        return new EncodedCounts(buf, start, at);
    }

    /** Wraps bytes that are already an encoded response (a client reading one). */
    static EncodedCounts ofBytes(byte[] bytes) {
        return new EncodedCounts(bytes, 0, bytes.length);
    }

    /** Encoded size in bytes. */
    int size() {
        return end - start;
    }

    /** A copy of the encoded bytes (tests and clients). */
    byte[] toByteArray() {
        return Arrays.copyOfRange(buf, start, end);
    }

    /**
     * The bytes as gRPC wants to send them: a stream that tells its length and drains into
     * gRPC's buffers in one write.
     */
    InputStream stream() {
        return new Bytes(buf, start, end);
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
