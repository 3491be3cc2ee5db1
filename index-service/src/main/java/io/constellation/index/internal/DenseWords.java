package io.constellation.index.internal;

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
 * <p>Immutable after construction; any thread.
 */
public final class DenseWords {

    /** A word is dense when it holds at least one ordinal in this many. */
    public static final int DENSITY_DIVISOR = 64;

    /** Bitset words ANDed per block (16 KB of documents' bits: 131,072 ordinals). */
    public static final int BLOCK_WORDS = 2048;

    private final long[][] bits;
    private final int bitsetWords;
    private final long bytes;

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

    /** Word {@code number}'s bitset (one bit per ordinal), or null for a sparse word. Shared: read only. */
    public long[] bits(int number) {
        return bits[number];
    }

    /**
     * The AND of the bitsets of {@code numbers[0..count)} (all dense, {@code count >= 2}):
     * passes the matching ordinals, ascending, to {@code out} until its limit and returns
     * how many match in all; no bitmap is built.
     */
    public int and(int[] numbers, int count, OrdBatch out, long[] block) {
        // Block by block, so each block of every bitset is read once and the partial AND
        // stays in the first-level cache: the bitsets are far larger than the caches, and a
        // whole-length scratch AND would stream through memory once more per word.
        int total = 0;
        for (int from = 0; from < bitsetWords; from += BLOCK_WORDS) {
            int len = Math.min(BLOCK_WORDS, bitsetWords - from);
            long[] first = bits[numbers[0]];
            long[] second = bits[numbers[1]];
            for (int i = 0; i < len; i++) {
                block[i] = first[from + i] & second[from + i];
            }
            for (int k = 2; k < count; k++) {
                long[] next = bits[numbers[k]];
                for (int i = 0; i < len; i++) {
                    block[i] &= next[from + i];
                }
            }
            for (int i = 0; i < len; i++) {
                total += Long.bitCount(block[i]);
            }
            if (!out.full()) {
                out.addBits(block, 0, len, from << 6);
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

    /** Passes dense word {@code number}'s ordinals, ascending, to {@code out} until its limit. */
    public void ords(int number, OrdBatch out) {
        long[] b = bits[number];
        out.addBits(b, 0, b.length, 0);
    }
}
