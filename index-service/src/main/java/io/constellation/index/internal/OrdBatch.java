package io.constellation.index.internal;

import io.constellation.index.OrdSink;

/**
 * Where one query writes its matching ordinals, at most {@code limit} of them, ascending:
 * either straight into the caller's {@code long[]} as track ids ({@code ord * scale +
 * offset}), or into a reused buffer handed to an {@link OrdSink} a batch at a time.
 *
 * <p>Why one writer for both: the id array is the common case (a gRPC answer, the
 * benchmark), and writing ids where they end up saves a second pass over every id; the
 * sink case reuses the same loops with {@code scale 1, offset 0} on a private buffer.
 *
 * <p>The bulk methods ({@link #addContainer}, {@link #addBits}, {@link #addIfInAll}) check
 * the limit once per call or per bitset word, not per ordinal, and decode bits and filter
 * without data-dependent branches: they may write up to {@value #SLACK} entries past the
 * last ordinal they pass, which later ones overwrite. So entries of the caller's array
 * after the final count, but below the limit, are unspecified; nothing at or past the
 * limit is touched.
 *
 * <p>One per thread (see {@link QueryScratch}), reset for every query; not thread-safe.
 */
public final class OrdBatch {

    /** Ordinals per batch in sink mode: 8 KB of ids, small enough for the first-level cache. */
    static final int SIZE = 1024;
    /** Entries a branch-free decode of one bitset word may write past its last ordinal. */
    static final int SLACK = 3;
    /** Room the branch-free decode of one bitset word needs: all 64 bits plus the slack. */
    private static final int WORD_ROOM = 64 + SLACK;

    /** The sink mode's buffer (ordinals as longs: the same loops fill either target). */
    private final long[] own = new long[SIZE];
    private final int[] ords = new int[SIZE];
    private long[] buf;
    /** Next position to write in {@code buf}. */
    private int n;
    /** Positions {@code [n, end)} of {@code buf} may be written before a flush or the limit. */
    private int end;
    /** Sink mode: how many more ordinals the limit allows once {@code buf} up to {@code end} is flushed. */
    private int later;
    private long scale;
    private long offset;
    /** Null in id-array mode. */
    private OrdSink sink;

    /** Starts a query whose ordinals go to {@code sink}, at most {@code limit} of them. */
    public OrdBatch reset(OrdSink sink, int limit) {
        this.sink = sink;
        this.buf = own;
        this.scale = 1;
        this.offset = 0;
        this.n = 0;
        this.end = Math.min(SIZE, Math.max(0, limit));
        this.later = Math.max(0, limit) - end;
        return this;
    }

    /**
     * Starts a query whose ordinals are written into {@code ids} as {@code ord * scale +
     * offset}, from index 0, at most {@code min(limit, ids.length)} of them.
     */
    public OrdBatch reset(long[] ids, int limit, long scale, long offset) {
        this.sink = null;
        this.buf = ids;
        this.scale = scale;
        this.offset = offset;
        this.n = 0;
        this.end = Math.max(0, Math.min(limit, ids.length));
        this.later = 0;
        return this;
    }

    /** Whether the limit is reached: further ordinals are only counted, not passed. */
    public boolean full() {
        return n == end && !makeRoom(1);
    }

    /** Adds one ordinal (ascending) unless the limit is reached. */
    public void add(int ord) {
        if (n < end || makeRoom(1)) {
            buf[n++] = ord * scale + offset;
        }
    }

    /**
     * Adds {@code base | lows[from + i]} for the first {@code count} entries (one posting
     * container), stopping at the limit: a plain array loop, the whole cost of returning a
     * single word's postings.
     */
    public void addContainer(int base, char[] lows, int from, int count) {
        while (count > 0) {
            int take = Math.min(count, end - n);
            if (take == 0) {
                if (!makeRoom(1)) {
                    return;
                }
                continue;
            }
            long[] b = buf;
            long s = scale;
            long o = offset;
            int at = n;
            for (int i = 0; i < take; i++) {
                b[at + i] = (base | lows[from + i]) * s + o;
            }
            n = at + take;
            from += take;
            count -= take;
        }
    }

    /** Adds {@code base + i} for every set bit {@code i} of {@code bits}, stopping at the limit. */
    public void addBits(int base, long bits) {
        if (bits == 0) {
            return;
        }
        if (end - n >= WORD_ROOM || makeRoom(WORD_ROOM)) {
            n = decode(buf, n, base * scale + offset, scale, bits);
        } else {
            addBitsOneByOne(base, bits);
        }
    }

    /**
     * Adds the ordinals of the set bits of {@code words[from, to)}, where bit {@code b} of
     * {@code words[i]} is ordinal {@code firstOrd + ((i - from) << 6) + b}, stopping at the
     * limit. Zero words cost one test each.
     */
    public void addBits(long[] words, int from, int to, int firstOrd) {
        int base = firstOrd - (from << 6);
        int i = from;
        while (i < to) {
            // Locals, not fields, in the loop: the JIT keeps them in registers.
            long[] b = buf;
            long s = scale;
            long o = offset;
            int at = n;
            int lastWhole = end - WORD_ROOM; // the last position a whole word may start at
            for (; i < to && at <= lastWhole; i++) {
                long w = words[i];
                if (w != 0) {
                    at = decode(b, at, (base + (i << 6)) * s + o, s, w);
                }
            }
            n = at;
            if (i < to && !makeRoom(WORD_ROOM) && !addBitsOneByOne(base + (i++ << 6), words[i - 1])) {
                return;
            }
        }
    }

    /**
     * Adds each of {@code base | src[from + i]} ({@code i < len}) that is set in every
     * bitset of {@code sets[0..count)}, stopping at the limit; returns how many are set in
     * all of them, passed or not.
     */
    public int addIfInAll(int base, char[] src, int from, int len, long[][] sets, int count) {
        int passed = 0;
        int to = from + len;
        while (from < to) {
            int chunk = Math.min(to - from, end - n);
            if (chunk == 0) {
                if (!makeRoom(1)) {
                    return passed + countInAll(base, src, from, to, sets, count);
                }
                continue;
            }
            passed += filter(base, src, from, from + chunk, sets, count);
            from += chunk;
        }
        return passed;
    }

    /**
     * Writes every candidate of {@code src[from, to)} and advances only past those set in
     * all the bitsets: no branch on the bits, which are as good as random. The caller
     * guarantees room for all of them.
     */
    private int filter(int base, char[] src, int from, int to, long[][] sets, int count) {
        long[] b = buf;
        long s = scale;
        long o = offset;
        int at = n;
        if (count == 1) {
            long[] set = sets[0];
            for (int i = from; i < to; i++) {
                int ord = base | src[i];
                b[at] = ord * s + o;
                at += (int) (set[ord >>> 6] >>> ord) & 1;
            }
        } else {
            for (int i = from; i < to; i++) {
                int ord = base | src[i];
                b[at] = ord * s + o;
                at += (int) (allBits(sets, count, ord >>> 6) >>> ord) & 1;
            }
        }
        int passed = at - n;
        n = at;
        return passed;
    }

    /** Passes what is buffered in sink mode; call once at the end of a query. */
    public void flush() {
        if (sink != null && n > 0) {
            long[] b = buf;
            for (int i = 0; i < n; i++) {
                ords[i] = (int) b[i];
            }
            sink.accept(ords, n);
            end -= n;
            n = 0;
        }
    }

    /**
     * Writes {@code id0 + b * scale} for every set bit {@code b} of {@code bits} (non-zero)
     * from {@code at}, four at a time whatever the count (a cleared word yields bit 64:
     * slack), and returns the position after the last real one. Why: one loop exit per
     * word instead of a mispredicted branch per bit.
     */
    private static int decode(long[] b, int at, long id0, long scale, long bits) {
        int stop = at + Long.bitCount(bits);
        long w = bits;
        do {
            b[at] = id0 + Long.numberOfTrailingZeros(w) * scale;
            w &= w - 1;
            b[at + 1] = id0 + Long.numberOfTrailingZeros(w) * scale;
            w &= w - 1;
            b[at + 2] = id0 + Long.numberOfTrailingZeros(w) * scale;
            w &= w - 1;
            b[at + 3] = id0 + Long.numberOfTrailingZeros(w) * scale;
            w &= w - 1;
            at += 4;
        } while (at < stop);
        return stop;
    }

    /** The AND of word {@code word} of {@code sets[0..count)}. */
    private static long allBits(long[][] sets, int count, int word) {
        long m = sets[0][word];
        for (int k = 1; k < count; k++) {
            m &= sets[k][word];
        }
        return m;
    }

    /** Near the limit: bit by bit; false once the limit is reached. */
    private boolean addBitsOneByOne(int base, long bits) {
        for (long w = bits; w != 0; w &= w - 1) {
            if (n == end && !makeRoom(1)) {
                return false;
            }
            buf[n++] = (base + Long.numberOfTrailingZeros(w)) * scale + offset;
        }
        return true;
    }

    /** Past the limit: how many of {@code src[from, to)} are set in all the bitsets. */
    private static int countInAll(int base, char[] src, int from, int to, long[][] sets, int count) {
        int in = 0;
        for (int i = from; i < to; i++) {
            int ord = base | src[i];
            in += (int) (allBits(sets, count, ord >>> 6) >>> ord) & 1;
        }
        return in;
    }

    /**
     * Makes {@code [n, end)} hold at least {@code room} positions if the limit allows: in
     * sink mode by flushing; returns whether it does. An id array never grows.
     */
    private boolean makeRoom(int room) {
        if (end - n >= room) {
            return true;
        }
        if (sink == null || later == 0) {
            return false; // a flush moves the buffered ordinals on but adds no room
        }
        int allowed = end - n + later;
        if (allowed < room) {
            return false;
        }
        flush();
        end = Math.min(SIZE, allowed);
        later = allowed - end;
        return end >= room;
    }
}
