package io.constellation.cache.testing;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The small catalog the cache ITs search: {@value #TRACKS} tracks "Artist i" - "Love Song i"
 * - "Album i%4" (the first ten with historical availability 10, 9, ... 1, the rest none)
 * and one unrelated "Other" - "Rain". Load it before the index shards start.
 */
public final class LoveSongs {

    /** Tracks matching "love song". */
    public static final int TRACKS = 40;
    /** The query all of them match. */
    public static final String QUERY = "love song";

    private LoveSongs() {
    }

    /** "Love Song {@code i}" with its artist and album, id unset (0). */
    public static Track track(int i) {
        return new Track(0, "Artist " + i, "Love Song " + i, "Album " + (i % 4));
    }

    /** Inserts the tracks into {@code db}; returns the ids of "Love Song 0".."Love Song 39", in that order. */
    public static long[] load(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) {
            tracks.add(track(i));
        }
        store.insertTracks(tracks);
        store.insertTracks(List.of(new Track(0, "Other", "Rain", "")));
        long[] ids = store.tracksAfter(0, 0, 1, 100).stream().filter(t -> t.title().startsWith("Love"))
                .mapToLong(Track::id).toArray();
        for (int i = 0; i < 10; i++) {
            db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?)",
                    ids[i], 10.0 - i);
        }
        return ids;
    }
}
