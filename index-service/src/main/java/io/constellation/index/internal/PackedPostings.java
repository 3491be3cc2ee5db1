package io.constellation.index.internal;

import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * The posting lists of a segment's sparse words, packed into four flat arrays.
 *
 * <p>Layout: as in Roaring, a word's ordinals are grouped by their high 16 bits into
 * containers; each container is a run of ascending low 16-bit values in one shared
 * {@code char[]}. Word {@code w} owns containers {@code [firstContainer[w],
 * firstContainer[w + 1])}; container {@code c} has high bits {@code keys[c]} and its low
 * values at {@code lows[starts[c] .. starts[c + 1])}.
 *
 * <p>Why not Roaring's objects: a sparse word has a few dozen ordinals per 65,536, so most
 * of its containers hold about 25 values, and each Roaring container is two objects (about
 * 50 bytes of headers and fields) for 50 bytes of values: the heap was 1.6 times the
 * serialized size. Here a posting costs 2 bytes and a container 6 (its key and start), so
 * the heap is the data. Queries read the arrays directly: no iterator objects, no virtual
 * calls per value.
 *
 * <p>Invariants: keys ascend within a word; every container is non-empty and its lows
 * ascend. Immutable; any thread.
 */
public final class PackedPostings {

    /** Below this size ratio two containers are merged in step; above it, the small one gallops. */
    private static final int GALLOP_RATIO = 16;

    private final int[] firstContainer;
    private final char[] keys;
    private final int[] starts;
    private final char[] lows;

    private PackedPostings(int[] firstContainer, char[] keys, int[] starts, char[] lows) {
        this.firstContainer = firstContainer;
        this.keys = keys;
        this.starts = starts;
        this.lows = lows;
    }

    /**
     * Packs {@code postings[w]} for every word {@code w} with {@code skip[w] == false};
     * skipped words (those the segment holds as bitsets) get no containers.
     *
     * @throws IllegalArgumentException if the postings exceed 2^31 - 1 values: a shard that
     *                                  large needs more shards
     */
    public static PackedPostings of(RoaringBitmap[] postings, boolean[] skip) {
        int[] firstContainer = new int[postings.length + 1];
        long values = 0;
        int containers = 0;
        for (int w = 0; w < postings.length; w++) {
            firstContainer[w] = containers;
            if (!skip[w]) {
                containers += containerCount(postings[w]);
                values += postings[w].getLongCardinality();
            }
        }
        firstContainer[postings.length] = containers;
        if (values > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too many postings for one segment (" + values
                    + "); split the catalog into more shards");
        }
        char[] keys = new char[containers];
        int[] starts = new int[containers + 1];
        char[] lows = new char[(int) values];
        int c = 0;
        int at = 0;
        for (int w = 0; w < postings.length; w++) {
            if (skip[w]) {
                continue;
            }
            int[] cursor = {at};
            for (ContainerPointer p = postings[w].getContainerPointer(); p.getContainer() != null; p.advance()) {
                keys[c] = p.key();
                starts[c++] = at;
                at += p.getCardinality();
            }
            postings[w].forEach((int ord) -> lows[cursor[0]++] = (char) ord);
        }
        starts[containers] = at;
        return new PackedPostings(firstContainer, keys, starts, lows);
    }

    private static int containerCount(RoaringBitmap bitmap) {
        int n = 0;
        for (ContainerPointer p = bitmap.getContainerPointer(); p.getContainer() != null; p.advance()) {
            n++;
        }
        return n;
    }

    /** Heap taken by the arrays, in bytes. */
    public long sizeInBytes() {
        return 16L * 4 + 4L * firstContainer.length + 2L * keys.length + 4L * starts.length + 2L * lows.length;
    }

    /** Number of containers (16-bit chunks) of all words together. */
    public int containerCount() {
        return keys.length;
    }

    /** Word {@code w}'s postings as a new Roaring bitmap, for saving and merging (not queries). */
    public RoaringBitmap toBitmap(int w) {
        RoaringBitmapWriter<RoaringBitmap> writer = RoaringBitmapWriter.writer().get();
        for (int c = firstContainer[w]; c < firstContainer[w + 1]; c++) {
            int base = keys[c] << 16;
            for (int p = starts[c]; p < starts[c + 1]; p++) {
                writer.add(base | lows[p]);
            }
        }
        RoaringBitmap bitmap = writer.get();
        bitmap.runOptimize();
        return bitmap;
    }

    /** Passes word {@code w}'s ordinals, ascending, to {@code out} until its limit. */
    public void emit(int w, OrdBatch out) {
        for (int c = firstContainer[w]; c < firstContainer[w + 1] && !out.full(); c++) {
            out.addContainer(keys[c] << 16, lows, starts[c], starts[c + 1] - starts[c]);
        }
    }

    /**
     * The documents holding every word of {@code words[0..count)} (sparse words, rarest
     * first, {@code count >= 1}) and set in every bitset of {@code dense[0..denseCount)}:
     * passes them ascending to {@code out} until its limit and returns how many there are.
     *
     * <p>Container by container of the rarest word: each other word's container with the
     * same key is found by galloping forward (so a rare word never walks the containers of
     * a common one), the survivors are intersected into scratch, and the first word with no
     * such container ends the whole query once it has no containers left.
     */
    public int and(int[] words, int count, long[][] dense, int denseCount, OrdBatch out, QueryScratch scratch) {
        int[] cursor = scratch.cursors;
        for (int k = 1; k < count; k++) {
            cursor[k] = firstContainer[words[k]];
        }
        int total = 0;
        int first = words[0];
        containers:
        for (int c0 = firstContainer[first]; c0 < firstContainer[first + 1]; c0++) {
            char key = keys[c0];
            char[] src = lows;
            int from = starts[c0];
            int len = starts[c0 + 1] - from;
            for (int k = 1; k < count; k++) {
                int end = firstContainer[words[k] + 1];
                int c = seek(cursor[k], end, key);
                cursor[k] = c;
                if (c == end) {
                    break containers;
                }
                if (keys[c] != key) {
                    continue containers;
                }
                char[] dst = src == scratch.left ? scratch.right : scratch.left;
                len = intersect(src, from, len, starts[c], starts[c + 1] - starts[c], dst);
                src = dst;
                from = 0;
                if (len == 0) {
                    continue containers;
                }
            }
            total += pass(key << 16, src, from, len, dense, denseCount, out);
        }
        return total;
    }

    /** The survivors of one container that every dense bitset also holds, passed on; returns their number. */
    private static int pass(int base, char[] src, int from, int len, long[][] dense, int denseCount, OrdBatch out) {
        if (denseCount == 0) {
            out.addContainer(base, src, from, len);
            return len;
        }
        return out.addIfInAll(base, src, from, len, dense, denseCount);
    }

    /** The first container in {@code [from, end)} whose key is at least {@code key}, or {@code end}. */
    private int seek(int from, int end, char key) {
        if (from >= end || keys[from] >= key) {
            return from;
        }
        // Gallop: the key is usually near, but a rare word may jump far into a common one.
        int step = 1;
        int lo = from;
        int hi = from + 1;
        while (hi < end && keys[hi] < key) {
            lo = hi;
            step <<= 1;
            hi = lo + step;
        }
        hi = Math.min(hi, end);
        while (lo + 1 < hi) {
            int mid = (lo + hi) >>> 1;
            if (keys[mid] < key) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /**
     * Writes the values in both {@code src[from, from + len)} and {@code lows[at, at + n)}
     * into {@code dst} and returns how many. Merge when the sizes are close; otherwise each
     * value of the smaller side gallops through the larger.
     */
    private int intersect(char[] src, int from, int len, int at, int n, char[] dst) {
        if ((long) len * GALLOP_RATIO < n) {
            return gallop(src, from, len, lows, at, n, dst);
        }
        if ((long) n * GALLOP_RATIO < len) {
            return gallop(lows, at, n, src, from, len, dst);
        }
        int i = from;
        int iEnd = from + len;
        int j = at;
        int jEnd = at + n;
        int out = 0;
        while (i < iEnd && j < jEnd) {
            char a = src[i];
            char b = lows[j];
            if (a < b) {
                i++;
            } else if (a > b) {
                j++;
            } else {
                dst[out++] = a;
                i++;
                j++;
            }
        }
        return out;
    }

    private static int gallop(char[] small, int from, int len, char[] large, int at, int n, char[] dst) {
        int out = 0;
        int lo = at;
        int end = at + n;
        for (int i = from; i < from + len && lo < end; i++) {
            char v = small[i];
            if (large[lo] < v) {
                int step = 1;
                int hi = lo + 1;
                while (hi < end && large[hi] < v) {
                    lo = hi;
                    step <<= 1;
                    hi = lo + step;
                }
                hi = Math.min(hi, end);
                while (lo + 1 < hi) {
                    int mid = (lo + hi) >>> 1;
                    if (large[mid] < v) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                lo = hi;
            }
            if (lo < end && large[lo] == v) {
                dst[out++] = v;
                lo++;
            }
        }
        return out;
    }
}
