package io.constellation.satellite.share;

import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.Arrays;

/**
 * This satellite server's availability counts, with the change log the gateway feed
 * reads: every change marks its track dirty with the net change since the last cut, so
 * the feed can cut a delta (all net changes since the previous cut) and, when a gateway
 * stream starts, a full snapshot together with the delta that precedes it.
 *
 * <p>The invariant, per track: snapshot count + every later delta's change = the true
 * count at the time of the last cut. It holds because a track's count and its dirty
 * entry live in the same stripe and change together under that stripe's lock, and a cut
 * moves each stripe's dirty entries and (for a snapshot) copies its counts under the same
 * lock. A cut is not one instant across stripes and need not be: the gateways sum per
 * track, and a session's add of 300 tracks is not atomic across tracks either.
 *
 * <p>Concurrency: {@link #add}/{@link #remove} come from every event loop. 64 stripes,
 * each a monitor over its tracks' entries, a track's count and its dirty change in one
 * long (one read-modify-write a change, ~20 ns per uncontended monitor enter): a lock-free
 * design would need the count and the dirty entry changed atomically together, which two
 * CAS cells cannot do without a retry protocol that costs more than these short critical
 * sections. Cuts are serialised among themselves (one feed thread makes them) and hold one
 * stripe at a time, so adds never wait for a whole snapshot.
 *
 * <p>Layout: catalog track ids are dense from 1, so a stripe holds the ids of one residue
 * mod 64 in pages of a directly indexed array ({@link Stripe}), not in a hash map: a change
 * is one load where a map probe was a key and a value in two random cache lines, and the
 * 50,000 tracks of the login benchmark take 400 KB (in L2) instead of 1.5 MB of tables.
 * Memory follows the ids used, page by page, so sparse or huge ids still work.
 */
public final class TrackCounts implements AvailabilityCounts {

    private static final int STRIPES = 64;
    /** What a stripe's dirty list starts at and shrinks back to after a burst. */
    private static final int EXPECTED_TRACKS_PER_STRIPE = 1024;

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Object cutLock = new Object();

    /** Empty counts. */
    public TrackCounts() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe(i);
        }
    }

    @Override
    public void add(int[] trackIds, int length) {
        change(trackIds, length, 1);
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalStateException if a track's count would drop below zero (a caller
     *                               removed what it never added: a bug); the other tracks
     *                               are still applied, that one is left at zero
     */
    @Override
    public void remove(int[] trackIds, int length) {
        change(trackIds, length, -1);
    }

    private void change(int[] trackIds, int length, int delta) {
        int[] byStripe = new int[length];
        int[] ends = groupByStripe(trackIds, length, byStripe);
        int negative = 0;
        int firstNegative = 0;
        for (int stripe = 0, from = 0; stripe < STRIPES; from = ends[stripe++]) {
            if (from == ends[stripe]) {
                continue;
            }
            Stripe s = stripes[stripe];
            synchronized (s) { // once per stripe per call, not once per track
                for (int i = from; i < ends[stripe]; i++) {
                    int id = byStripe[i];
                    if (!s.apply(id, delta)) {
                        firstNegative = negative++ == 0 ? id : firstNegative;
                    }
                }
            }
        }
        if (negative > 0) {
            throw new IllegalStateException(negative + " track(s) removed more often than added, e.g. track "
                    + firstNegative + ": a session's share set and the counts disagree");
        }
    }

    /**
     * Counting sort of the ids by stripe into {@code out}; returns each stripe's end in it.
     * Two small arrays a call (a login's 300 ids: 1.5 KB, dead before the call returns)
     * buy taking each stripe's monitor once instead of once per track.
     */
    private static int[] groupByStripe(int[] trackIds, int length, int[] out) {
        int[] ends = new int[STRIPES];
        for (int i = 0; i < length; i++) {
            ends[stripe(trackIds[i])]++;
        }
        for (int st = 1; st < STRIPES; st++) {
            ends[st] += ends[st - 1];
        }
        for (int i = length - 1; i >= 0; i--) {
            int id = trackIds[i];
            out[--ends[stripe(id)]] = id;
        }
        // ends[st] is now stripe st's start; shift to ends (stripe st ends where st + 1 starts)
        System.arraycopy(ends, 1, ends, 0, STRIPES - 1);
        ends[STRIPES - 1] = length;
        return ends;
    }

    /** How many sessions share {@code trackId} now. */
    public int count(int trackId) {
        Stripe s = stripes[stripe(trackId)];
        synchronized (s) {
            return count(s.get(trackId));
        }
    }

    /** Tracks with a count above zero now (summed stripe by stripe). */
    public int trackCount() {
        int n = 0;
        for (Stripe s : stripes) {
            synchronized (s) {
                n += s.tracks;
            }
        }
        return n;
    }

    /** A copy of every count above zero, without cutting anything (for tests and diagnostics). */
    public Snapshot counts() {
        IntArrayList ids = new IntArrayList();
        IntArrayList counts = new IntArrayList();
        for (Stripe s : stripes) {
            synchronized (s) {
                s.appendCounts(ids, counts);
            }
        }
        return new Snapshot(ids.toIntArray(), counts.toIntArray());
    }

    /** The net changes since the previous cut, which they reset. For the feed thread. */
    public Delta cutDelta() {
        return cut(false).delta();
    }

    /**
     * The net changes since the previous cut (which they reset) and the counts right after
     * them: a new gateway stream starts from the snapshot, the streams already running take
     * the delta. For the feed thread.
     */
    public Cut cutWithSnapshot() {
        return cut(true);
    }

    private Cut cut(boolean withSnapshot) {
        synchronized (cutLock) {
            // Stripes hold disjoint tracks, so their entries are appended without merging.
            IntArrayList changedIds = new IntArrayList();
            IntArrayList changes = new IntArrayList();
            int expected = withSnapshot ? trackCount() + 1024 : 0;
            IntArrayList ids = withSnapshot ? new IntArrayList(expected) : null;
            IntArrayList counts = withSnapshot ? new IntArrayList(expected) : null;
            for (Stripe s : stripes) {
                synchronized (s) {
                    s.cut(changedIds, changes, ids, counts);
                }
            }
            Delta delta = new Delta(changedIds.toIntArray(), changes.toIntArray());
            return new Cut(delta, withSnapshot ? new Snapshot(ids.toIntArray(), counts.toIntArray()) : null);
        }
    }


    private static int stripe(int trackId) {
        return trackId & (STRIPES - 1); // consecutive ids (tracks imported together) take turns
    }

    /** The id's index within its stripe (ids taken as unsigned: any int is a valid id). */
    private static int index(int trackId) {
        return trackId >>> Integer.numberOfTrailingZeros(STRIPES);
    }

    /**
     * A count from an entry. An entry is the exact integer count · 2^32 + dirty, dirty the
     * signed net change since the last cut: adding (delta · 2^32 + delta) changes both in
     * one add, the low 32 bits are dirty as an int, and (entry - dirty) / 2^32 is count.
     */
    private static int count(long entry) {
        return (int) ((entry - (int) entry) >> 32);
    }

    private static int dirty(long entry) {
        return (int) entry;
    }

    /**
     * One stripe's tracks: an entry a track (see {@link #count(long)}; zero for a track with
     * no session and no change since the last cut) at its {@link #index} in pages of
     * {@value #PAGE} entries, allocated when first touched; and the ids whose dirty change
     * may be non-zero, each listed once (a bit a track) until the next cut takes it.
     * Guarded by its own monitor.
     */
    private static final class Stripe {
        private static final int PAGE_SHIFT = 10;
        static final int PAGE = 1 << PAGE_SHIFT;
        private static final long[][] NO_PAGES = new long[0][];

        /** Entries: pages[index >>> PAGE_SHIFT][index & (PAGE - 1)]; null pages hold zeros. */
        private long[][] pages = NO_PAGES;
        /** Per page, a bit per entry: the track is in {@link #dirtyIds}. */
        private long[][] listed = NO_PAGES;
        /** Tracks that changed since the last cut (their dirty change may since be back to zero). */
        private final IntArrayList dirtyIds = new IntArrayList(EXPECTED_TRACKS_PER_STRIPE);
        /** Entries whose count is above zero. */
        int tracks;
        /** The low bits every id of this stripe has. */
        private final int residue;

        Stripe(int residue) {
            this.residue = residue;
        }

        /** The entry of {@code id}, zero when it has none. */
        long get(int id) {
            int index = index(id);
            int page = index >>> PAGE_SHIFT;
            return page < pages.length && pages[page] != null ? pages[page][index & (PAGE - 1)] : 0;
        }

        /** Applies {@code delta} (1 or -1); false (and no change) if the count would go negative. */
        boolean apply(int id, int delta) {
            int index = index(id);
            long[] page = page(index >>> PAGE_SHIFT);
            int slot = index & (PAGE - 1);
            long before = page[slot];
            long step = ((long) delta << 32) + delta;
            long now = before + step;
            int count = count(now);
            if (count < 0) {
                return false; // it was absent (zero): left as it was
            }
            page[slot] = now;
            int countBefore = count - delta;
            if (countBefore == 0 && count > 0) {
                tracks++;
            } else if (countBefore > 0 && count == 0) {
                tracks--;
            }
            list(id, index);
            return true;
        }

        private long[] page(int page) {
            if (page >= pages.length) {
                int n = Math.max(page + 1, pages.length * 2);
                pages = Arrays.copyOf(pages, n);
                listed = Arrays.copyOf(listed, n);
            }
            long[] p = pages[page];
            if (p == null) {
                p = pages[page] = new long[PAGE];
                listed[page] = new long[PAGE / Long.SIZE];
            }
            return p;
        }

        /** Lists {@code id} for the next cut unless it is listed already. */
        private void list(int id, int index) {
            long[] bits = listed[index >>> PAGE_SHIFT];
            int slot = index & (PAGE - 1);
            long bit = 1L << slot;
            if ((bits[slot >>> 6] & bit) == 0) {
                bits[slot >>> 6] |= bit;
                dirtyIds.add(id);
            }
        }

        /**
         * Moves the dirty changes into {@code changedIds}/{@code changes} (resetting them)
         * and, when {@code ids} is not null, the counts above zero into {@code ids}/{@code counts}.
         */
        void cut(IntArrayList changedIds, IntArrayList changes, IntArrayList ids, IntArrayList counts) {
            int[] dirty = dirtyIds.elements();
            for (int i = 0, n = dirtyIds.size(); i < n; i++) {
                int id = dirty[i];
                int index = index(id);
                long[] page = pages[index >>> PAGE_SHIFT];
                int slot = index & (PAGE - 1);
                listed[index >>> PAGE_SHIFT][slot >>> 6] &= ~(1L << slot);
                long entry = page[slot];
                if (dirty(entry) != 0) {
                    changedIds.add(id);
                    changes.add(dirty(entry));
                    page[slot] = (long) count(entry) << 32;
                }
            }
            dirtyIds.clear();
            if (dirtyIds.elements().length > 16 * EXPECTED_TRACKS_PER_STRIPE) {
                dirtyIds.trim(EXPECTED_TRACKS_PER_STRIPE); // a burst of changes does not pin its list
            }
            if (ids != null) {
                appendCounts(ids, counts);
            }
        }

        void appendCounts(IntArrayList ids, IntArrayList counts) {
            for (int p = 0; p < pages.length; p++) {
                long[] page = pages[p];
                if (page == null) {
                    continue;
                }
                for (int slot = 0; slot < PAGE; slot++) {
                    int count = count(page[slot]);
                    if (count > 0) {
                        ids.add(idAt(p << PAGE_SHIFT | slot));
                        counts.add(count);
                    }
                }
            }
        }

        /** The id stored at {@code index} of this stripe: its low bits are the stripe's. */
        private int idAt(int index) {
            return index << Integer.numberOfTrailingZeros(STRIPES) | residue;
        }
    }

    /**
     * Net changes of some tracks; parallel arrays, no zero changes, ids distinct, unordered.
     *
     * @param trackIds the tracks that changed
     * @param changes  their net change since the previous cut (negative when sessions left)
     */
    public record Delta(int[] trackIds, int[] changes) {

        /** Number of tracks in this delta. */
        public int size() {
            return trackIds.length;
        }

        @Override
        public String toString() {
            return "Delta[" + trackIds.length + " tracks]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Delta d && Arrays.equals(d.trackIds, trackIds) && Arrays.equals(d.changes, changes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(trackIds) * 31 + Arrays.hashCode(changes);
        }
    }

    /**
     * Counts of every track shared now; parallel arrays, counts above zero, ids distinct, unordered.
     *
     * @param trackIds the tracks with at least one session sharing them
     * @param counts   how many sessions share each
     */
    public record Snapshot(int[] trackIds, int[] counts) {

        /** Number of tracks in this snapshot. */
        public int size() {
            return trackIds.length;
        }

        @Override
        public String toString() {
            return "Snapshot[" + trackIds.length + " tracks]";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && Arrays.equals(s.trackIds, trackIds) && Arrays.equals(s.counts, counts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(trackIds) * 31 + Arrays.hashCode(counts);
        }
    }

    /**
     * One cut: the delta since the previous cut, and (when asked for) the counts right after it.
     *
     * @param delta    the net changes since the previous cut
     * @param snapshot every count after the delta, or null when not asked for
     */
    public record Cut(Delta delta, Snapshot snapshot) {
    }
}
