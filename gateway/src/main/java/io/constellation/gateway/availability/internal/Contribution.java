package io.constellation.gateway.availability.internal;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;

/**
 * One satellite server's counts as of its latest complete snapshot plus the deltas since:
 * track id to the number of that server's online satellites sharing it (no zero entries).
 *
 * <p>Threads: the store's writer replaces a whole contribution on every snapshot (a new
 * object, published in {@link ContributionStore#contributions()}) and changes the map in
 * place for deltas, holding this object's monitor; {@code LocateSources} reads single
 * counts from gRPC threads under the same monitor. Deltas are small and rare (every few
 * hundred milliseconds per server), so the monitor is almost never contended.
 */
final class Contribution {

    private final String serverId;
    private final long incarnation;
    private final String address;
    /** Guarded by {@code this}; fastutil's primitive map: no boxing on look-ups or deltas. */
    private final Int2IntOpenHashMap counts;

    Contribution(String serverId, long incarnation, String address, Int2IntOpenHashMap counts) {
        this.serverId = serverId;
        this.incarnation = incarnation;
        this.address = address;
        this.counts = counts;
    }

    String serverId() {
        return serverId;
    }

    long incarnation() {
        return incarnation;
    }

    String address() {
        return address;
    }

    /** This server's count of {@code trackId}; any thread. */
    synchronized int count(int trackId) {
        return counts.get(trackId);
    }

    /** Tracks with a count; any thread. */
    synchronized int tracks() {
        return counts.size();
    }

    /**
     * The map itself, for the writer only: it may read it freely (it is the only one that
     * changes it) but must hold this object's monitor while changing it.
     */
    Int2IntOpenHashMap writerView() {
        return counts;
    }
}
