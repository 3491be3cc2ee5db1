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

    /** FNV-1a over the UTF-16 chars, then the MurmurHash3 finaliser to spread the bits. */
    static long of(CharSequence path) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0, n = path.length(); i < n; i++) {
            h ^= path.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
