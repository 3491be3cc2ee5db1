package io.constellation.bench.index;

import io.constellation.index.IndexStore;
import io.constellation.index.Segment;
import io.constellation.index.SegmentBuilder;
import io.constellation.index.ShardLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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

    /**
     * Saves the segment with the index-core {@link IndexStore} into a new directory under
     * {@code parent} and returns the segment file's length; the directory is removed again.
     */
    public long serializedBytes(Path parent) {
        try {
            Path dir = Files.createTempDirectory(parent, "ours-");
            try {
                return new IndexStore(dir, WHOLE_CORPUS).save(segment, segment.documentCount(), 0, 1)
                        .segmentLength();
            } finally {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The same segment queried with limit 0: intersections and counts only, no id written.
     * A diagnostic, not a competitor: the difference to {@link #search} is what collecting
     * every id costs.
     */
    public SearchEngine countOnly() {
        return new SearchEngine() {
            @Override
            public String name() {
                return "ours-count-only";
            }

            @Override
            public int search(String[] words, long[] out) {
                return segment.query(words, 0, out);
            }

            @Override
            public long indexBytes() {
                return segment.sizeInBytes();
            }

            @Override
            public void close() {
                // Shares the segment: nothing of its own.
            }
        };
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
