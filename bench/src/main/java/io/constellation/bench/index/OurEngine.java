package io.constellation.bench.index;

import io.constellation.index.Segment;
import io.constellation.index.SegmentBuilder;
import io.constellation.index.ShardLayout;

/**
 * Our index: one {@link Segment} holding the whole corpus as shard 0 of 1 (so the ordinal
 * is the track id), built with the index-core parallel {@link SegmentBuilder}.
 */
public final class OurEngine implements SearchEngine {

    private static final ShardLayout WHOLE_CORPUS = new ShardLayout(0, 1);

    private final Segment segment;

    private OurEngine(Segment segment) {
        this.segment = segment;
    }

    /**
     * Builds the segment from the pre-tokenised corpus with {@code threads} builder threads.
     * Only this is timed as our build: tokenisation happened once, before, for both engines.
     */
    public static OurEngine build(TokenizedCorpus corpus, int threads) {
        try (SegmentBuilder builder = SegmentBuilder.create(WHOLE_CORPUS, threads)) {
            long[] ids = corpus.ids();
            String[][] words = corpus.words();
            for (int i = 0; i < ids.length; i++) {
                builder.add(WHOLE_CORPUS.ord(ids[i]), words[i]);
            }
            return new OurEngine(builder.build());
        }
    }

    /** The segment, for reports (word count, document count). */
    public Segment segment() {
        return segment;
    }

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public int search(String[] words, long[] out) {
        // No limit: the comparison is "collect every match", as Lucene's collector does.
        return segment.query(words, Integer.MAX_VALUE, out);
    }

    @Override
    public long indexBytes() {
        return segment.sizeInBytes();
    }

    @Override
    public void close() {
        // Heap only: nothing to release.
    }
}
