package io.constellation.gateway.internal;

/**
 * Read access to the gateway's current availability by id range, for the historical job
 * (which must not depend on how the feed keeps its counts). Any thread.
 */
@FunctionalInterface
public interface CurrentCounts {

    /**
     * Calls {@code consumer} with every track in {@code [fromId, toId]} whose current count is
     * above zero, in ascending id order. Counts may change during the scan; each is read once.
     */
    void forEachAvailable(long fromId, long toId, TrackCount consumer);

    /** Receives one track and its count, without boxing. */
    @FunctionalInterface
    interface TrackCount {
        void accept(int trackId, int count);
    }
}
