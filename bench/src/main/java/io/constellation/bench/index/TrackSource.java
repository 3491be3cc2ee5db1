package io.constellation.bench.index;

import io.constellation.common.catalog.Track;
import io.constellation.common.corpus.Corpus;
import io.constellation.common.corpus.CorpusGenerator;
import java.util.function.Consumer;

/** The tracks both engines index: the catalog's deterministic generator over the bundled corpus. */
final class TrackSource {

    private TrackSource() {
    }

    /** Calls {@code sink} with tracks 1..count of the bundled corpus for {@code seed}, in id order. */
    static void generate(long count, long seed, Consumer<Track> sink) {
        new CorpusGenerator(Corpus.bundled()).generate(count, seed, sink);
    }
}
