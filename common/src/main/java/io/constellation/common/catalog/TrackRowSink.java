package io.constellation.common.catalog;

/**
 * Receives the rows of {@link TrackStore#tracksWithStats} one at a time, as primitives and
 * strings: no row objects, no boxed ids, so a caller can fill columnar arrays directly.
 */
@FunctionalInterface
public interface TrackRowSink {

    /**
     * One track.
     *
     * @param historicalAvailability the track's {@code track_stats} value, 0 when it has none
     */
    void accept(long id, String artist, String title, String album, double historicalAvailability);
}
