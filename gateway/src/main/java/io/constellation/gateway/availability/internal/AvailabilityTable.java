package io.constellation.gateway.availability.internal;

import io.constellation.gateway.internal.CurrentCounts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The gateway's global count per track: the sum of every reporting satellite server's
 * contribution, indexed directly by track id.
 *
 * <p>Layout: pages of {@value #PAGE_SIZE} ints, allocated when a track in their id range
 * first becomes available, under a directory indexed by {@code id >>> PAGE_BITS}. Catalog
 * ids are dense (AUTO_INCREMENT), so a direct index costs 4 bytes per catalog track in the
 * ranges that have any available track (800 MB at 200 million tracks, all pages present),
 * and a look-up is two dependent loads with no hashing, no probing and no allocation: the
 * fastest thing for {@code GetAvailability} of thousands of ids. Pages are never moved or
 * freed, so a writer never has to copy counts and a reader can never read a stale copy.
 *
 * <p>Threads: exactly one writer (the feed loop, or a test) calls {@link #add}; any number
 * of readers call {@link #get} concurrently, without locks. The directory is copied on
 * growth and published through a volatile field (it is small: 8 bytes per 65,536 ids).
 * Counts are written with release and read with acquire semantics (plain moves on x86), so
 * a reader sees each count either before or after a change, never a torn value. The
 * writer changes each track's count with a single store of its final value (see
 * {@link ContributionStore}), so a reader never sees an intermediate state such as "old
 * contribution removed, new one not yet added".
 */
final class AvailabilityTable {

    static final int PAGE_BITS = 16;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(int[].class);

    /** Never mutated once published: growth publishes a longer copy. */
    private volatile int[][] pages = new int[0][];
    /** Tracks with a count above zero; written by the writer only. */
    private volatile long available;

    /** The count of {@code trackId} (any non-negative int); 0 when unknown. Any thread. */
    int get(int trackId) {
        int[][] dir = pages;
        int p = trackId >>> PAGE_BITS;
        if (p >= dir.length) {
            return 0;
        }
        int[] page = dir[p];
        return page == null ? 0 : (int) COUNTS.getAcquire(page, trackId & PAGE_MASK);
    }

    /**
     * Replaces each of the first {@code n} track ids in {@code ids} (non-negative) by its
     * count, as {@link #get} would read it. Any thread.
     *
     * <p>Why a loop of its own: at millions of tracks most of a look-up's reads miss the
     * caches, and a loop that does nothing but independent loads lets the processor keep
     * many misses in flight at once; interleaved with the response's encoding, whose
     * position depends on each count read, far fewer fit. The directory is read once per
     * call, and counts with opaque reads (each a real load, never torn, in any order: a
     * reader only needs each count from before or after a change).
     */
    void getAll(int[] ids, int n) {
        int[][] dir = pages;
        for (int i = 0; i < n; i++) {
            int id = ids[i];
            int p = id >>> PAGE_BITS;
            int[] page = p < dir.length ? dir[p] : null;
            ids[i] = page == null ? 0 : (int) COUNTS.getOpaque(page, id & PAGE_MASK);
        }
    }

    /**
     * Adds {@code change} to the count of {@code trackId} (non-negative) with one store and
     * returns the sum it computed. The stored count never goes below zero: a negative sum is
     * a bug of the caller (non-negative contributions cannot sum below zero), so the stored
     * value is clamped to 0 and the raw sum returned for the caller to report. Writer thread
     * only.
     */
    int add(int trackId, int change) {
        if (change == 0) {
            return get(trackId);
        }
        int[] page = pageFor(trackId, change > 0);
        if (page == null) {
            return change; // a decrease of a track never seen: caller reports the negative result
        }
        int i = trackId & PAGE_MASK;
        int before = (int) COUNTS.get(page, i);
        int after = before + change;
        int stored = Math.max(0, after);
        COUNTS.setRelease(page, i, stored);
        if (before == 0 && stored > 0) {
            available = available + 1;
        } else if (before > 0 && stored == 0) {
            available = available - 1;
        }
        return after;
    }

    /** Tracks with a count above zero. Any thread. */
    long availableTracks() {
        return available;
    }

    /**
     * Calls {@code consumer} with every track in {@code [fromId, toId]} whose count is above
     * zero, in ascending order, skipping pages never allocated. Any thread; counts may change
     * while it runs (each one read once).
     */
    void forEachAvailable(long fromId, long toId, CurrentCounts.TrackCount consumer) {
        if (toId < 0 || fromId > Integer.MAX_VALUE || fromId > toId) {
            return;
        }
        forEachAvailable((int) Math.max(0, fromId), (int) Math.min(Integer.MAX_VALUE, toId), consumer);
    }

    private void forEachAvailable(int fromId, int toId, CurrentCounts.TrackCount consumer) {
        int[][] dir = pages;
        int last = Math.min(toId >>> PAGE_BITS, dir.length - 1);
        for (int p = fromId >>> PAGE_BITS; p <= last; p++) {
            int[] page = dir[p];
            if (page == null) {
                continue;
            }
            int base = p << PAGE_BITS;
            // Offsets within the page, so the loop cannot overflow at Integer.MAX_VALUE.
            int lo = p == fromId >>> PAGE_BITS ? fromId & PAGE_MASK : 0;
            int hi = p == toId >>> PAGE_BITS ? toId & PAGE_MASK : PAGE_MASK;
            for (int i = lo; i <= hi; i++) {
                int n = (int) COUNTS.getAcquire(page, i);
                if (n > 0) {
                    consumer.accept(base | i, n);
                }
            }
        }
    }

    private int[] pageFor(int trackId, boolean create) {
        int p = trackId >>> PAGE_BITS;
        int[][] dir = pages;
        if (p < dir.length && dir[p] != null) {
            return dir[p];
        }
        if (!create) {
            return null;
        }
        int[][] grown = Arrays.copyOf(dir, Math.max(dir.length, p + 1));
        grown[p] = new int[PAGE_SIZE];
        pages = grown;
        return grown[p];
    }

}
