package io.constellation.satellite.internal;

/**
 * A 64-bit hash of a shared file's path: how a session remembers a path without keeping
 * its string (a path is up to 1 KiB; the hash is 8 bytes). Two paths of one session
 * collide with probability about n^2 / 2^65 (3e-12 for 10,000 files); a collision makes
 * the later file take the earlier one's place, which costs one file's share at worst.
 */
final class PathHash {

    private PathHash() {
    }

    /**
     * A multiply-rotate chain over the UTF-16 chars, two a step (a multiply's latency is
     * the cost of a step: half the steps of one char at a time), then the length and the
     * MurmurHash3 finaliser to spread the bits.
     */
    static long of(CharSequence path) {
        long h = 0xcbf29ce484222325L;
        int n = path.length();
        int i = 0;
        for (; i + 1 < n; i += 2) {
            h = Long.rotateLeft((h ^ (path.charAt(i) | (long) path.charAt(i + 1) << 16)) * 0x9E3779B97F4A7C15L, 29);
        }
        if (i < n) {
            h = Long.rotateLeft((h ^ path.charAt(i)) * 0x9E3779B97F4A7C15L, 29);
        }
        h ^= n;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
