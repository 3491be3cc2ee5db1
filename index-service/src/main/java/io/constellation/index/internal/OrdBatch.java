package io.constellation.index.internal;

import io.constellation.index.OrdSink;

/**
 * Collects one query's matching ordinals into a reused array and hands them to an
 * {@link OrdSink} a batch at a time, passing at most {@code limit} in all.
 *
 * <p>One per thread (see {@link QueryScratch}), reset for every query; not thread-safe.
 */
public final class OrdBatch {

    /** Ordinals per batch: 4 KB, small enough to stay in the first-level cache. */
    static final int SIZE = 1024;

    private final int[] ords = new int[SIZE];
    private int size;
    private OrdSink sink;
    private int remaining;

    /** Starts a query: at most {@code limit} ordinals will reach {@code sink}. */
    public OrdBatch reset(OrdSink sink, int limit) {
        this.sink = sink;
        this.remaining = limit;
        this.size = 0;
        return this;
    }

    /** Whether the limit is reached: further ordinals are only counted, not passed. */
    public boolean full() {
        return remaining == 0;
    }

    /** Adds one ordinal (ascending) unless the limit is reached. */
    public void add(int ord) {
        if (remaining == 0) {
            return;
        }
        ords[size++] = ord;
        remaining--;
        if (size == SIZE) {
            flush();
        }
    }

    /**
     * Adds {@code base | lows[from + i]} for the first {@code count} entries (one posting
     * container), stopping at the limit: a plain array loop, the whole cost of returning a
     * single word's postings.
     */
    public void addContainer(int base, char[] lows, int from, int count) {
        int left = Math.min(count, remaining);
        remaining -= left;
        if (sink instanceof Collect.TrackIdArray direct) {
            // The common case (a gRPC answer): straight into the caller's array, skipping
            // the batch, which would be one more pass over every id.
            flush();
            direct.write(base, lows, from, left);
            return;
        }
        while (left > 0) {
            int take = Math.min(left, SIZE - size);
            for (int i = 0; i < take; i++) {
                ords[size + i] = base | lows[from + i];
            }
            size += take;
            from += take;
            left -= take;
            if (size == SIZE) {
                flush();
            }
        }
    }

    /**
     * Adds {@code base + i} for every set bit {@code i} of {@code bits} (one word of a
     * bitset), stopping at the limit; one capacity check per word rather than per bit.
     */
    public void addBits(int base, long bits) {
        int count = Long.bitCount(bits);
        if (count > remaining) {
            for (long w = bits; w != 0 && remaining > 0; w &= w - 1) {
                add(base + Long.numberOfTrailingZeros(w));
            }
            return;
        }
        if (size + count > SIZE) {
            flush(); // SIZE >= 64, so a whole word fits after a flush
        }
        for (long w = bits; w != 0; w &= w - 1) {
            ords[size++] = base + Long.numberOfTrailingZeros(w);
        }
        remaining -= count;
    }

    /** Passes what is buffered; call once at the end of a query. */
    public void flush() {
        if (size > 0) {
            sink.accept(ords, size);
            size = 0;
        }
    }
}
