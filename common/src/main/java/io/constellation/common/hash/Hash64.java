package io.constellation.common.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The 64-bit hash that places query keys and ring points: the first 8 bytes of SHA-256
 * over the input, read big-endian. A published algorithm over bytes (not
 * {@link String#hashCode()} or a JVM-seeded hash) so every process, on any machine and JVM
 * version, computes the same value; SHA-256's output is uniform enough that its first 64
 * bits spread keys and points evenly round the ring. Stateless and thread-safe.
 */
public final class Hash64 {

    private static final HexFormat HEX = HexFormat.of();

    private Hash64() {
    }

    /** The hash of {@code bytes}. */
    public static long of(byte[] bytes) {
        byte[] digest = sha256().digest(bytes);
        long h = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            h = (h << 8) | (digest[i] & 0xFF);
        }
        return h;
    }

    /** The hash of the UTF-8 bytes of {@code text}. */
    public static long of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code hash} as 16 lowercase hex digits, most significant first (the order of the digest's bytes). */
    public static String hex(long hash) {
        return HEX.toHexDigits(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
