package io.constellation.satellite.share;

import it.unimi.dsi.fastutil.ints.Int2LongMap;
import it.unimi.dsi.fastutil.ints.Int2LongMaps;
import it.unimi.dsi.fastutil.ints.Int2LongOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
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
 * each a monitor over one fastutil int→long map holding a track's count and its dirty
 * entry together (no boxing, one probe a change, ~20 ns per uncontended monitor enter): a lock-free design would need the count and the dirty entry changed
 * atomically together, which two CAS cells cannot do without a retry protocol that costs
 * more than these short critical sections. Cuts are serialised among themselves (one
 * feed thread makes them) and hold one stripe at a time, so adds never wait for a whole
 * snapshot.
 */
public final class TrackCounts implements AvailabilityCounts {

    private static final int STRIPES = 64;
    private static final int EXPECTED_TRACKS_PER_STRIPE = 1024;

    private final Stripe[] stripes = new Stripe[STRIPES];
    private final Object cutLock = new Object();

    /** Empty counts. */
    public TrackCounts() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
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
            return count(s.entries.get(trackId));
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
        // Fibonacci hashing: consecutive ids (tracks imported together) spread over stripes.
        return (trackId * 0x9E3779B9) >>> (32 - Integer.numberOfTrailingZeros(STRIPES));
    }

    /**
     * A count from an entry. An entry is the exact integer count · 2^32 + dirty, dirty the
     * signed net change since the last cut: adding (delta · 2^32 + delta) changes both in
     * one addTo, the low 32 bits are dirty as an int, and (entry - dirty) / 2^32 is count.
     */
    private static int count(long entry) {
        return (int) ((entry - (int) entry) >> 32);
    }

    private static int dirty(long entry) {
        return (int) entry;
    }

    /**
     * One stripe's tracks: per track one entry (see {@link #count(long)}), present while
     * its count or its dirty change is not zero. Guarded by its own monitor.
     */
    private static final class Stripe {
        final Int2LongOpenHashMap entries = new Int2LongOpenHashMap(EXPECTED_TRACKS_PER_STRIPE);
        /** Entries whose count is above zero. */
        int tracks;

        /** Applies {@code delta} (1 or -1); false (and no change) if the count would go negative. */
        boolean apply(int id, int delta) {
            long step = ((long) delta << 32) + delta;
            long now = entries.addTo(id, step) + step; // one probe for read and write
            int count = count(now);
            if (count < 0) {
                long before = now - step; // it was absent (zero): left as it was
                if (before == 0) {
                    entries.remove(id);
                } else {
                    entries.put(id, before);
                }
                return false;
            }
            int countBefore = count - delta;
            if (countBefore == 0 && count > 0) {
                tracks++;
            } else if (countBefore > 0 && count == 0) {
                tracks--;
            }
            if (now == 0) {
                entries.remove(id); // no sessions and back where the last cut left it
            }
            return true;
        }

        /**
         * Moves the dirty changes into {@code changedIds}/{@code changes} (resetting them)
         * and, when {@code ids} is not null, the counts above zero into {@code ids}/{@code counts}.
         */
        void cut(IntArrayList changedIds, IntArrayList changes, IntArrayList ids, IntArrayList counts) {
            for (ObjectIterator<Int2LongMap.Entry> it = entries.int2LongEntrySet().fastIterator(); it.hasNext(); ) {
                Int2LongMap.Entry e = it.next();
                long entry = e.getLongValue();
                int count = count(entry);
                if (dirty(entry) != 0) {
                    changedIds.add(e.getIntKey());
                    changes.add(dirty(entry));
                    if (count == 0) {
                        it.remove();
                    } else {
                        e.setValue((long) count << 32);
                    }
                }
                if (ids != null && count > 0) {
                    ids.add(e.getIntKey());
                    counts.add(count);
                }
            }
        }

        void appendCounts(IntArrayList ids, IntArrayList counts) {
            for (Int2LongMap.Entry e : Int2LongMaps.fastIterable(entries)) {
                int count = count(e.getLongValue());
                if (count > 0) {
                    ids.add(e.getIntKey());
                    counts.add(count);
                }
            }
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
