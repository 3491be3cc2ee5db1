package io.constellation.satellite.internal;

import io.constellation.satellite.wire.WireLimits;

/**
 * A 64-bit hash of a shared file's path: how a session remembers a path without keeping
 * its string (a path is up to 1 KiB; the hash is 8 bytes). Two paths of one session
 * collide with probability about n^2 / 2^65 (3e-12 for 10,000 files); a collision makes
 * the later file take the earlier one's place, which costs one file's share at worst.
 */
final class PathHash {

    /** Chars of a scratch buffer for {@link #of(String, char[])}: the longest path the wire allows. */
    static final int SCRATCH_CHARS = WireLimits.MAX_PATH_BYTES;

    private PathHash() {
    }

    /** {@link #of(String, char[])} with a buffer of its own. */
    static long of(String path) {
        return of(path, new char[Math.min(path.length(), SCRATCH_CHARS)]);
    }

    /**
     * A multiply-rotate chain over the UTF-16 chars, four a step (a multiply's latency is
     * the cost of a step), read from a bulk copy into {@code scratch} (no per-char checks of
     * String.charAt), then the length and the MurmurHash3 finaliser to spread the bits.
     *
     * @param scratch the caller's buffer, reused across the files of a chunk so a hash
     *                allocates nothing; a longer path gets an array of its own
     */
    static long of(String path, char[] scratch) {
        int n = path.length();
        char[] b = n <= scratch.length ? scratch : new char[n];
        path.getChars(0, n, b, 0);
        long h = 0xcbf29ce484222325L;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            long x = b[i] | (long) b[i + 1] << 16 | (long) b[i + 2] << 32 | (long) b[i + 3] << 48;
            h = Long.rotateLeft((h ^ x) * 0x9E3779B97F4A7C15L, 29);
        }
        long tail = 0;
        for (int shift = 0; i < n; i++, shift += 16) {
            tail |= (long) b[i] << shift;
        }
        h = Long.rotateLeft((h ^ tail ^ n) * 0x9E3779B97F4A7C15L, 29);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
