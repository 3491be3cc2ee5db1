package io.constellation.index.internal;

import io.constellation.common.catalog.Track;
import io.constellation.common.text.Normalizer;
import io.constellation.index.Doc;
import io.constellation.index.ShardLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns catalog rows into index documents, with the same normaliser queries go through. */
public final class TrackDocs {

    private TrackDocs() {
    }

    /**
     * The distinct sorted words a track is indexed under. Words longer than a query may
     * carry ({@link Normalizer#MAX_WORD_BYTES}) are left out: no query could ever match them.
     */
    public static String[] words(Track track) {
        String[] words = Normalizer.distinctSortedWords(track.searchableText());
        int kept = 0;
        for (String w : words) {
            if (Normalizer.utf8Length(w) <= Normalizer.MAX_WORD_BYTES) {
                words[kept++] = w;
            }
        }
        return kept == words.length ? words : Arrays.copyOf(words, kept);
    }

    /** The document of {@code track} in shard {@code layout}, which must own it. */
    public static Doc doc(ShardLayout layout, Track track) {
        return new Doc(layout.ord(track.id()), words(track));
    }

    /** The documents of {@code tracks}, in order. */
    public static List<Doc> docs(ShardLayout layout, List<Track> tracks) {
        List<Doc> docs = new ArrayList<>(tracks.size());
        for (Track t : tracks) {
            docs.add(doc(layout, t));
        }
        return docs;
    }
}
