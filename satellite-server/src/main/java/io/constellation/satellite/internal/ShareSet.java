package io.constellation.satellite.internal;

import io.constellation.satellite.share.AvailabilityCounts;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.ints.IntIterator;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import java.util.Arrays;

/**
 * The files one session shares, compactly: path hash to track id, and per track how many
 * of the session's files resolve to it (so a track counts once per session however many
 * copies the satellite has). Primitive maps, about 28 bytes a file, no boxing.
 *
 * <p>Every change reports the tracks that entered or left the set to
 * {@link AvailabilityCounts}, so the counts always equal the sum over sessions of their
 * distinct tracks. Not thread-safe: owned by one connection, used on its event loop.
 */
final class ShareSet {

    // Sized for nothing: a session's set is soon replaced by the one built from its share
    // list, so fastutil's default 16 slots per map would be allocated only to be dropped.
    /** What trackByPath answers for a path it does not hold (track ids are never negative). */
    private static final int NO_PATH = -1;
    private static final int[] NO_TRACKS = new int[0];

    private Long2IntOpenHashMap trackByPath = pathMap(0);
    private Int2IntOpenHashMap filesByTrack = new Int2IntOpenHashMap(0);

    /** An empty set. */
    ShareSet() {
    }

    /**
     * An empty set sized for {@code expectedFiles} (a share list being received: its maps
     * then grow without rehashing on the way).
     */
    ShareSet(int expectedFiles) {
        trackByPath = pathMap(expectedFiles);
        filesByTrack = new Int2IntOpenHashMap(expectedFiles);
    }

    private static Long2IntOpenHashMap pathMap(int expected) {
        Long2IntOpenHashMap m = new Long2IntOpenHashMap(expected);
        m.defaultReturnValue(NO_PATH);
        return m;
    }

    /** Files in the set (distinct paths matched to a track). */
    int files() {
        return trackByPath.size();
    }

    /** Distinct tracks in the set. */
    int tracks() {
        return filesByTrack.size();
    }

    /** How many distinct paths of {@code pathHashes} the set holds. */
    int countPresent(long[] pathHashes) {
        long[] sorted = Arrays.copyOf(pathHashes, pathHashes.length);
        Arrays.sort(sorted);
        int present = 0;
        for (int i = 0; i < sorted.length; i++) {
            if ((i == 0 || sorted[i] != sorted[i - 1]) && trackByPath.containsKey(sorted[i])) {
                present++;
            }
        }
        return present;
    }

    /**
     * Puts a file into a set that is not counted yet (a share list being received), with
     * no report to the counts. A later file of the same path takes the earlier one's place;
     * {@link io.constellation.satellite.share.ShareResolver#NO_TRACK} only removes it.
     */
    void put(long pathHash, int track) {
        if (track < 0) {
            unlink(pathHash);
            return;
        }
        // One probe for the common case (a new path) instead of contains, remove and put.
        int previous = trackByPath.put(pathHash, track);
        if (previous != NO_PATH) {
            dropFile(previous);
        }
        filesByTrack.addTo(track, 1);
    }

    /**
     * Makes this set equal to {@code next}, reporting to {@code counts} the tracks only
     * {@code next} has (added) and those only this set has (removed). {@code next} must not
     * be used afterwards.
     */
    void replaceWith(ShareSet next, AvailabilityCounts counts) {
        int[] added;
        int[] removed;
        if (filesByTrack.isEmpty()) {
            // A login's first list: every track is new. One pass over the keys, no probes.
            added = next.filesByTrack.keySet().toIntArray();
            removed = NO_TRACKS;
        } else {
            added = onlyIn(next.filesByTrack, filesByTrack);
            removed = onlyIn(filesByTrack, next.filesByTrack);
        }
        // Take next's maps rather than copy them: a list of 20,000 files is not copied twice.
        trackByPath = next.trackByPath;
        filesByTrack = next.filesByTrack;
        next.trackByPath = null;
        next.filesByTrack = null;
        trackByPath.trim();
        filesByTrack.trim();
        report(counts, added, added.length, removed, removed.length);
    }

    /** The tracks of {@code a} not in {@code b}. Key iterators: no entry object a track. */
    private static int[] onlyIn(Int2IntOpenHashMap a, Int2IntOpenHashMap b) {
        IntArrayList only = new IntArrayList();
        for (IntIterator it = a.keySet().iterator(); it.hasNext(); ) {
            int track = it.nextInt();
            if (!b.containsKey(track)) {
                only.add(track);
            }
        }
        return only.toIntArray();
    }

    /**
     * Applies a delta: first the removed paths, then the added files ({@link
     * io.constellation.satellite.share.ShareResolver#NO_TRACK} removes the path: its file
     * can no longer be matched). Reports the tracks whose membership changed.
     */
    void apply(long[] removedPaths, int removedCount, long[] addedPaths, int[] addedTracks, int addedCount,
            AvailabilityCounts counts) {
        // Membership of every touched track before the first change: a track removed and
        // re-added by the same delta is no change at all.
        Int2IntOpenHashMap before = new Int2IntOpenHashMap();
        before.defaultReturnValue(-1);
        for (int i = 0; i < removedCount; i++) {
            remember(before, trackByPath.get(removedPaths[i]));
        }
        for (int i = 0; i < addedCount; i++) {
            remember(before, trackByPath.get(addedPaths[i]));
            remember(before, addedTracks[i]);
        }
        for (int i = 0; i < removedCount; i++) {
            unlink(removedPaths[i]);
        }
        for (int i = 0; i < addedCount; i++) {
            unlink(addedPaths[i]);
            if (addedTracks[i] >= 0) {
                link(addedPaths[i], addedTracks[i]);
            }
        }
        IntArrayList added = new IntArrayList();
        IntArrayList removed = new IntArrayList();
        for (Int2IntMap.Entry e : before.int2IntEntrySet()) {
            boolean was = e.getIntValue() == 1;
            boolean is = filesByTrack.containsKey(e.getIntKey());
            if (!was && is) {
                added.add(e.getIntKey());
            } else if (was && !is) {
                removed.add(e.getIntKey());
            }
        }
        report(counts, added.elements(), added.size(), removed.elements(), removed.size());
    }

    /** Reports every track of the set as gone (the session closed) and empties it. */
    void clear(AvailabilityCounts counts) {
        int[] removed = filesByTrack.keySet().toIntArray();
        // New empty maps rather than clear(), which would zero every slot of tables about to be dropped.
        trackByPath = pathMap(0);
        filesByTrack = new Int2IntOpenHashMap(0);
        report(counts, NO_TRACKS, 0, removed, removed.length);
    }

    private void remember(Int2IntOpenHashMap before, int track) {
        if (track >= 0 && !before.containsKey(track)) {
            before.put(track, filesByTrack.containsKey(track) ? 1 : 0);
        }
    }

    private void link(long pathHash, int track) {
        trackByPath.put(pathHash, track);
        filesByTrack.addTo(track, 1);
    }

    private void unlink(long pathHash) {
        int track = trackByPath.remove(pathHash);
        if (track != NO_PATH) {
            dropFile(track);
        }
    }

    private void dropFile(int track) {
        if (filesByTrack.addTo(track, -1) == 1) {
            filesByTrack.remove(track);
        }
    }

    private static void report(AvailabilityCounts counts, int[] added, int addedCount, int[] removed,
            int removedCount) {
        // Removals first: the counts never show a session's old and new tracks at once.
        if (removedCount > 0) {
            counts.remove(removed, removedCount);
        }
        if (addedCount > 0) {
            counts.add(added, addedCount);
        }
    }
}
