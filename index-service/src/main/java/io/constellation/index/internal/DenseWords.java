package io.constellation.index.internal;

import java.util.function.IntConsumer;
import org.roaringbitmap.BatchIterator;
import org.roaringbitmap.BitSetUtil;
import org.roaringbitmap.RoaringBitmap;

/**
 * Plain bitsets over the whole ordinal range for a segment's commonest words ("the",
 * "love", "remix"), in place of their Roaring bitmaps, to make the intersections that
 * involve them cheap.
 *
 * <p>Why: a word in 3 to 6 % of the documents is held by Roaring as sorted arrays of
 * 16-bit values, and intersecting two such words merges both arrays element by element;
 * ANDing two bitsets handles 64 documents per instruction instead, and testing a rare
 * word's documents against a bitset is one load per document. The cost is memory: one bit
 * per ordinal per dense word, which for a word of density {@code >= 1/}{@value #DENSITY_DIVISOR}
 * is at most 8 bytes per posting, against Roaring's 2 bytes per posting plus about 50 bytes
 * per 65,536-ordinal chunk; only these few words pay it, and the heaviest words (over
 * 1/16) cost no more than in Roaring, whose own containers are then bitsets too.
 *
 * <p>Immutable after construction (the scratch buffers are per thread); any thread.
 */
public final class DenseWords {

    /** A word is dense when it holds at least one ordinal in this many. */
    public static final int DENSITY_DIVISOR = 64;

    /** Bitset words ANDed per block (16 KB of documents' bits: 131,072 ordinals). */
    private static final int BLOCK_WORDS = 2048;

    /** Documents tested per batch when filtering a sparse result: one small reusable buffer. */
    private static final int BATCH = 256;

    private final long[][] bits;
    private final int bitsetWords;
    private final long bytes;
    private final ThreadLocal<int[]> batchScratch = ThreadLocal.withInitial(() -> new int[BATCH]);
    private final ThreadLocal<long[]> blockScratch = ThreadLocal.withInitial(() -> new long[BLOCK_WORDS]);

    private DenseWords(long[][] bits, int bitsetWords, long bytes) {
        this.bits = bits;
        this.bitsetWords = bitsetWords;
        this.bytes = bytes;
    }

    /**
     * Bitsets for the words whose postings cover at least 1/{@value #DENSITY_DIVISOR} of
     * the ordinal range {@code [0, maxOrd]}.
     *
     * @param maxOrd the largest ordinal in the segment, or -1 for an empty one
     */
    public static DenseWords of(RoaringBitmap[] postings, int[] cardinalities, int maxOrd) {
        long[][] bits = new long[postings.length][];
        if (maxOrd < 0) {
            return new DenseWords(bits, 0, 0);
        }
        int words = (maxOrd >>> 6) + 1;
        long range = (long) maxOrd + 1;
        long bytes = 0;
        for (int i = 0; i < postings.length; i++) {
            if ((long) cardinalities[i] * DENSITY_DIVISOR >= range) {
                bits[i] = BitSetUtil.toLongArray(postings[i]);
                if (bits[i].length < words) {
                    bits[i] = java.util.Arrays.copyOf(bits[i], words);
                }
                bytes += 16L + 8L * bits[i].length;
            }
        }
        return new DenseWords(bits, words, bytes);
    }

    /** Whether word {@code number} has a bitset (and no Roaring bitmap in memory). */
    public boolean isDense(int number) {
        return bits[number] != null;
    }

    /** Heap taken by the bitsets, in bytes. */
    public long sizeInBytes() {
        return bytes;
    }

    /**
     * The AND of the bitsets of {@code numbers[0..count)} (all dense, {@code count >= 2}):
     * passes the first {@code limit} matching ordinals, ascending, to {@code sink} and
     * returns how many match in all; no bitmap is built.
     */
    public int and(int[] numbers, int count, int limit, IntConsumer sink) {
        // Block by block, so each block of every bitset is read once and the partial AND
        // stays in the first-level cache: the bitsets are far larger than the caches, and a
        // whole-length scratch AND would stream through memory once more per word.
        long[] block = blockScratch.get();
        int total = 0;
        int passed = 0;
        for (int from = 0; from < bitsetWords; from += BLOCK_WORDS) {
            int len = Math.min(BLOCK_WORDS, bitsetWords - from);
            System.arraycopy(bits[numbers[0]], from, block, 0, len);
            for (int k = 1; k < count; k++) {
                long[] next = bits[numbers[k]];
                for (int i = 0; i < len; i++) {
                    block[i] &= next[from + i];
                }
            }
            for (int i = 0; i < len; i++) {
                long w = block[i];
                if (w == 0) {
                    continue;
                }
                total += Long.bitCount(w);
                int base = (from + i) << 6;
                while (w != 0 && passed < limit) {
                    sink.accept(base + Long.numberOfTrailingZeros(w));
                    w &= w - 1;
                    passed++;
                }
            }
        }
        return total;
    }

    /**
     * The documents of {@code sparse} that every dense word {@code numbers[0..count)} also
     * holds: passes the first {@code limit} of them, ascending, to {@code sink}, and returns
     * how many there are in all. One bit test per document of {@code sparse} per dense
     * word, whatever the dense words' size.
     */
    public int filter(RoaringBitmap sparse, int[] numbers, int count, int limit, IntConsumer sink) {
        int[] batch = batchScratch.get();
        BatchIterator it = sparse.getBatchIterator();
        int total = 0;
        while (it.hasNext()) {
            int n = it.nextBatch(batch);
            for (int j = 0; j < n; j++) {
                int ord = batch[j];
                if (inAll(ord, numbers, count)) {
                    if (total < limit) {
                        sink.accept(ord);
                    }
                    total++;
                }
            }
        }
        return total;
    }

    /**
     * Word {@code number}'s postings as a new Roaring bitmap, for the callers that need one
     * (saving a segment, merging, a query with pending changes): a dense word keeps only
     * its bitset in memory.
     */
    public RoaringBitmap toBitmap(int number) {
        RoaringBitmap bitmap = BitSetUtil.bitmapOf(bits[number]);
        bitmap.runOptimize();
        return bitmap;
    }

    /** Passes the first {@code limit} ordinals of dense word {@code number}, ascending. */
    public void ords(int number, int limit, IntConsumer sink) {
        long[] b = bits[number];
        int passed = 0;
        for (int i = 0; i < b.length && passed < limit; i++) {
            long w = b[i];
            int base = i << 6;
            while (w != 0 && passed < limit) {
                sink.accept(base + Long.numberOfTrailingZeros(w));
                w &= w - 1;
                passed++;
            }
        }
    }

    private boolean inAll(int ord, int[] numbers, int count) {
        int word = ord >>> 6;
        long mask = 1L << ord;
        for (int k = 0; k < count; k++) {
            if ((bits[numbers[k]][word] & mask) == 0) {
                return false;
            }
        }
        return true;
    }
}
