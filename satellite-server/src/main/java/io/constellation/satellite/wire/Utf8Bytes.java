package io.constellation.satellite.wire;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Checks and measures UTF-8 held as bytes, so the server can judge a file's strings
 * without decoding them into Strings.
 */
public final class Utf8Bytes {

    private static final VarHandle LONGS_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    private Utf8Bytes() {
    }

    /** Eight bytes from {@code i}, the first in the low bits. {@code i + 8 <= b.length}. */
    public static long word(byte[] b, int i) {
        return (long) LONGS_LE.get(b, i);
    }

    /** The last 0-7 bytes ({@code end - i < 8}) of a field, the first in the low bits. */
    public static long tail(byte[] b, int i, int end) {
        if (i + 8 <= b.length) {
            // One load and a mask instead of a loop a byte (what follows the field in the
            // array is read and masked off): a field's tail is most often inside the frame.
            return word(b, i) & ~(-1L << ((end - i) << 3));
        }
        long x = 0;
        for (int shift = 0; i < end; i++, shift += 8) {
            x |= (b[i] & 0xFFL) << shift;
        }
        return x;
    }

    /**
     * Whether {@code b[off, off + len)} is well-formed UTF-8 by the rules protobuf applies to
     * a string field (RFC 3629: no overlong forms, no surrogates, nothing over U+10FFFF).
     * ASCII goes eight bytes a step.
     */
    public static boolean valid(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i + 8 <= end && (word(b, i) & HIGH_BITS) == 0) {
            i += 8;
        }
        if (end - i < 8 && (tail(b, i, end) & HIGH_BITS) == 0) {
            return true; // all ASCII: the common case, without a loop a byte
        }
        while (i < end) {
            if (i + 8 <= end && (word(b, i) & HIGH_BITS) == 0) {
                i += 8;
                continue;
            }
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            int n = sequence(b, i, end);
            if (n == 0) {
                return false;
            }
            i += n;
        }
        return true;
    }

    /** The length of the multi-byte sequence at {@code i}, or 0 if it is malformed. */
    private static int sequence(byte[] b, int i, int end) {
        int c = b[i] & 0xFF;
        if (c < 0xC2) {
            return 0; // a continuation byte, or the lead of an overlong two-byte form
        }
        if (c < 0xE0) {
            return i + 1 < end && continuation(b[i + 1]) ? 2 : 0;
        }
        if (c < 0xF0) {
            if (i + 2 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2])) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            // E0 needs A0..BF (else overlong); ED needs 80..9F (else a surrogate).
            return (c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) ? 0 : 3;
        }
        if (c < 0xF5) {
            if (i + 3 >= end || !continuation(b[i + 1]) || !continuation(b[i + 2]) || !continuation(b[i + 3])) {
                return 0;
            }
            int c1 = b[i + 1] & 0xFF;
            // F0 needs 90..BF (else overlong); F4 needs 80..8F (else over U+10FFFF).
            return (c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 > 0x8F) ? 0 : 4;
        }
        return 0;
    }

    private static boolean continuation(byte x) {
        return (x & 0xC0) == 0x80;
    }

    /**
     * UTF-16 chars of valid UTF-8 {@code b[off, off + len)}: one per lead byte, two for a
     * four-byte sequence (a surrogate pair).
     */
    public static int utf16Length(byte[] b, int off, int len) {
        int n = 0;
        for (int i = off; i < off + len; i++) {
            int c = b[i] & 0xFF;
            if ((c & 0xC0) != 0x80) {
                n += c >= 0xF0 ? 2 : 1;
            }
        }
        return n;
    }
}
