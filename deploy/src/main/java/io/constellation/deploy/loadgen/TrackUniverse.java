package io.constellation.deploy.loadgen;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackKeys;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.Corpus;
import io.constellation.common.corpus.CorpusGenerator;
import io.constellation.common.text.Normalizer;
import io.constellation.satellite.wire.WireLimits;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The tracks simulated satellites share, as a list ranked by popularity for
 * {@link ShareLists}. Every track of a universe is a distinct catalog track (distinct
 * normalised key) that a satellite server can resolve (artist and title have words, every
 * tag fits the catalog and the protocol), so a satellite sharing {@code F} files of it
 * shares exactly {@code F} distinct tracks.
 */
public final class TrackUniverse {

    /** Generated tracks examined per track wanted before giving up (the generator repeats itself now and then). */
    private static final int GENERATOR_SLACK = 4;

    private TrackUniverse() {
    }

    /**
     * {@code size} tracks from the corpus generator with this seed, in the order generated
     * (the generator already draws artists by chart popularity, so rank order adds the
     * share-list skew on top of realistic tags), skipping repeats and unusable tracks.
     *
     * @throws IllegalArgumentException if the generator cannot supply that many distinct tracks
     */
    public static List<Track> generated(Corpus corpus, int size, long seed) {
        requirePositive(size);
        Iterator<Track> tracks = new CorpusGenerator(corpus).iterator((long) size * GENERATOR_SLACK, seed);
        List<Track> out = new ArrayList<>(size);
        Set<ByteBuffer> seen = new HashSet<>(size * 2);
        while (out.size() < size && tracks.hasNext()) {
            Track t = tracks.next();
            if (usable(t) && seen.add(ByteBuffer.wrap(TrackKeys.normKey(t)))) {
                out.add(t);
            }
        }
        if (out.size() < size) {
            throw new IllegalArgumentException("the corpus generator gave only " + out.size()
                    + " distinct usable tracks of " + size);
        }
        return out;
    }

    /**
     * Up to {@code size} usable tracks of the catalog, in id order (rank 0 the oldest); the
     * catalog's unique key makes them distinct already.
     *
     * @throws IllegalArgumentException if the catalog holds no usable track
     */
    public static List<Track> fromCatalog(TrackStore store, int size) {
        requirePositive(size);
        List<Track> out = new ArrayList<>(size);
        long after = 0;
        while (out.size() < size) {
            List<Track> page = store.tracksAfter(after, 0, 1, Math.min(TrackStore.IN_LIST_MAX, size - out.size()));
            if (page.isEmpty()) {
                break;
            }
            for (Track t : page) {
                if (usable(t) && out.size() < size) {
                    out.add(t);
                }
            }
            after = page.get(page.size() - 1).id();
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("the catalog holds no usable track: import some first "
                    + "(constellation import), or leave out --universe-from-catalog");
        }
        return out;
    }

    /** Whether a satellite server resolves {@code t} to a track and the protocol carries it as {@link ShareLists} writes it. */
    static boolean usable(Track t) {
        return fits(t.artist()) && fits(t.title()) && fits(t.album())
                && !Normalizer.words(t.artist()).isEmpty() && !Normalizer.words(t.title()).isEmpty()
                && WireLimits.utf8Length(ShareLists.pathOf(t)) <= WireLimits.MAX_PATH_BYTES;
    }

    /** UTF-16 units, the stricter of the protocol's count and the catalog's code points. */
    private static boolean fits(String tag) {
        return tag.length() <= Math.min(TrackStore.MAX_FIELD_LENGTH, WireLimits.MAX_TAG_CHARS);
    }

    private static void requirePositive(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("the universe needs at least one track, not " + size);
        }
    }
}
