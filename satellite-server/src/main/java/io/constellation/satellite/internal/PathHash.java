package io.constellation.satellite.internal;

import io.constellation.satellite.wire.FileBatch;
import io.constellation.satellite.wire.Utf8Bytes;
import java.nio.charset.StandardCharsets;

/**
 * A 64-bit hash of a shared file's path: how a session remembers a path without keeping
 * its string (a path is up to 1 KiB; the hash is 8 bytes). Two paths of one session
 * collide with probability about n^2 / 2^65 (3e-12 for 10,000 files); a collision makes
 * the later file take the earlier one's place, which costs one file's share at worst.
 */
final class PathHash {

    private PathHash() {
    }

    /** The hash of a path given as a String: the same as of its UTF-8 bytes. */
    static long of(String path) {
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        return of(utf8, 0, utf8.length);
    }

    /** The hash of file {@code i}'s path in {@code files}. */
    static long of(FileBatch files, int i) {
        return of(files.bytes(), files.pathOffset(i), files.pathLength(i));
    }

    /**
     * A multiply-rotate chain over the UTF-8 bytes, eight a step (a multiply's latency is
     * the cost of a step; a path is hashed where it arrived, without decoding it), then the
     * length and the MurmurHash3 finaliser to spread the bits.
     */
    static long of(byte[] b, int off, int len) {
        long h = 0xcbf29ce484222325L;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            h = Long.rotateLeft((h ^ Utf8Bytes.word(b, i)) * 0x9E3779B97F4A7C15L, 29);
        }
        h = Long.rotateLeft((h ^ Utf8Bytes.tail(b, i, end) ^ len) * 0x9E3779B97F4A7C15L, 29);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
