package io.constellation.index.internal;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.IntIterator;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.RoaringBitmapWriter;

/**
 * The posting lists of a segment's sparse words, packed into flat arrays.
 *
 * <p>Layout: as in Roaring, a word's ordinals are grouped by their high 16 bits into
 * containers; each container is a run of ascending low 16-bit values in a shared
 * {@code char[]} chunk. Word {@code w} owns containers {@code [firstContainer[w],
 * firstContainer[w + 1])}; container {@code c} has high bits {@code keys[c]} and its low
 * values in chunk {@code starts[c] >>> CHUNK_BITS} from offset
 * {@code starts[c] & OFFSET_MASK}, up to the next container's start in the same chunk or
 * the chunk's end (the last entry of {@code starts} marks the end of the last container).
 *
 * <p>Why not Roaring's objects: a sparse word has a few dozen ordinals per 65,536, so most
 * of its containers hold about 25 values, and each Roaring container is two objects (about
 * 50 bytes of headers and fields) for 50 bytes of values: the heap was 1.6 times the
 * serialized size. Here a posting costs 2 bytes and a container 6 (its key and start), so
 * the heap is the data. Queries read the arrays directly: no iterator objects, no virtual
 * calls per value.
 *
 * <p>Why chunks of at most {@value #CHUNK_CHARS} values (256 KB): one array of all values
 * is a humongous object to G1 (over half a region), which takes whole regions: with 8 MB
 * regions an 11 MB array held 16 MB. A chunk stays below half the smallest region (1 MB).
 * A container never spans two chunks, so a chunk ends where its last container does.
 *
 * <p>Invariants: keys ascend within a word; every container is non-empty and its lows
 * ascend. Immutable; any thread.
 */
public final class PackedPostings {

    /**
     * Above this size ratio of two containers the smaller one gallops through the larger;
     * up to it they are ANDed through a bitset (measured at 1M tracks: a branchy merge was
     * slower at every ratio up to it, by about a third of the intersection time).
     */
    private static final int GALLOP_RATIO = 16;
    /** Bits of a start that give the offset in its chunk. */
    static final int CHUNK_BITS = 17;
    /** Most values in one chunk: room for two full containers. */
    static final int CHUNK_CHARS = 1 << CHUNK_BITS;
    private static final int OFFSET_MASK = CHUNK_CHARS - 1;

    private final int[] firstContainer;
    private final char[] keys;
    private final int[] starts;
    private final char[][] chunks;

    private PackedPostings(int[] firstContainer, char[] keys, int[] starts, char[][] chunks) {
        this.firstContainer = firstContainer;
        this.keys = keys;
        this.starts = starts;
        this.chunks = chunks;
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
        // Chunks may leave a container's worth of values unused each: bounded well below 2^31.
        if (values > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many postings for one segment (" + values
                    + "); split the catalog into more shards");
        }
        char[] keys = new char[containers];
        int[] starts = new int[containers + 1];
        char[][] chunks = layOut(postings, skip, keys, starts);
        for (int w = 0; w < postings.length; w++) {
            if (!skip[w]) {
                fill(postings[w], firstContainer[w], starts, chunks);
            }
        }
        return new PackedPostings(firstContainer, keys, starts, chunks);
    }

    /**
     * Assigns every container its key and start, opening a new chunk where the next
     * container would not fit, and returns the chunks, each exactly as long as it is used.
     */
    private static char[][] layOut(RoaringBitmap[] postings, boolean[] skip, char[] keys, int[] starts) {
        IntArrayList chunkLengths = new IntArrayList();
        int chunk = 0;
        int offset = 0;
        int c = 0;
        for (int w = 0; w < postings.length; w++) {
            if (skip[w]) {
                continue;
            }
            for (ContainerPointer p = postings[w].getContainerPointer(); p.getContainer() != null; p.advance()) {
                int size = p.getCardinality();
                if (offset + size > CHUNK_CHARS) {
                    chunkLengths.add(offset);
                    chunk++;
                    offset = 0;
                }
                keys[c] = p.key();
                starts[c++] = (chunk << CHUNK_BITS) + offset;
                offset += size;
            }
        }
        chunkLengths.add(offset);
        // A full last chunk makes the end marker read as offset 0 of the next: same end.
        starts[c] = (chunk << CHUNK_BITS) + offset;
        char[][] chunks = new char[chunkLengths.size()][];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = new char[chunkLengths.getInt(i)];
        }
        return chunks;
    }

    /** Copies one word's low values into the places {@link #layOut} gave its containers. */
    private static void fill(RoaringBitmap bitmap, int firstContainer, int[] starts, char[][] chunks) {
        int c = firstContainer - 1;
        int key = -1;
        char[] chunk = null;
        int at = 0;
        for (IntIterator it = bitmap.getIntIterator(); it.hasNext(); ) {
            int ord = it.next();
            if (ord >>> 16 != key) {
                key = ord >>> 16;
                c++;
                chunk = chunks[starts[c] >>> CHUNK_BITS];
                at = starts[c] & OFFSET_MASK;
            }
            chunk[at++] = (char) ord;
        }
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
        long size = 16L * 4 + 4L * firstContainer.length + 2L * keys.length + 4L * starts.length
                + 16L * chunks.length;
        for (char[] chunk : chunks) {
            size += 2L * chunk.length;
        }
        return size;
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
            char[] chunk = chunkOf(c);
            int from = offsetOf(c);
            for (int p = from; p < from + length(c); p++) {
                writer.add(base | chunk[p]);
            }
        }
        RoaringBitmap bitmap = writer.get();
        bitmap.runOptimize();
        return bitmap;
    }

    /** Passes word {@code w}'s ordinals, ascending, to {@code out} until its limit. */
    public void emit(int w, OrdBatch out) {
        for (int c = firstContainer[w]; c < firstContainer[w + 1] && !out.full(); c++) {
            out.addContainer(keys[c] << 16, chunkOf(c), offsetOf(c), length(c));
        }
    }

    /** The chunk holding container {@code c}'s values. */
    private char[] chunkOf(int c) {
        return chunks[starts[c] >>> CHUNK_BITS];
    }

    /** Where container {@code c}'s values start in its chunk. */
    private int offsetOf(int c) {
        return starts[c] & OFFSET_MASK;
    }

    /** Number of values of container {@code c}: to the next one's start, or its chunk's end. */
    private int length(int c) {
        int start = starts[c];
        int next = starts[c + 1];
        return (start ^ next) >>> CHUNK_BITS == 0 ? next - start
                : chunks[start >>> CHUNK_BITS].length - (start & OFFSET_MASK);
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
            char[] src = chunkOf(c0);
            int from = offsetOf(c0);
            int len = length(c0);
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
                len = intersect(src, from, len, chunkOf(c), offsetOf(c), length(c), dst, scratch.bits);
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
     * Writes the values in both {@code a[af, af + an)} and {@code b[bf, bf + bn)} into
     * {@code dst} and returns how many: through a bitset, or, when one list is over
     * {@value #GALLOP_RATIO} times the other, each value of the smaller gallops through the
     * larger.
     *
     * @param bits all zero, 65,536 bits; left all zero
     */
    private static int intersect(char[] a, int af, int an, char[] b, int bf, int bn, char[] dst, long[] bits) {
        if ((long) an * GALLOP_RATIO < bn) {
            return gallop(a, af, an, b, bf, bn, dst);
        }
        if ((long) bn * GALLOP_RATIO < an) {
            return gallop(b, bf, bn, a, af, an, dst);
        }
        return an <= bn ? viaBits(a, af, an, b, bf, bn, dst, bits) : viaBits(b, bf, bn, a, af, an, dst, bits);
    }

    /**
     * Marks the smaller list's values in {@code bits}, keeps the larger one's that are
     * marked, then clears the marks. Why: a merge mispredicts a branch on about every
     * other value when the lists interleave; here every step is a plain load, test and
     * store, and the position advances by the tested bit.
     */
    private static int viaBits(char[] small, int from, int len, char[] large, int at, int n, char[] dst,
                               long[] bits) {
        for (int i = from; i < from + len; i++) {
            bits[small[i] >>> 6] |= 1L << small[i];
        }
        int out = 0;
        for (int j = at; j < at + n; j++) {
            int v = large[j];
            dst[out] = (char) v;
            out += (int) (bits[v >>> 6] >>> v) & 1;
        }
        for (int i = from; i < from + len; i++) {
            bits[small[i] >>> 6] = 0;
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
