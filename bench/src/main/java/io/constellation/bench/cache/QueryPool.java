package io.constellation.bench.cache;

import io.constellation.bench.gateway.TrackIdSampler;
import io.constellation.bench.index.QueryMix;
import io.constellation.bench.index.TokenizedCorpus;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The queries a benchmark sends: {@code distinct} queries drawn from the generated catalog's
 * tracks the way people search a music catalog ({@link QueryMix}: artist words, title
 * words, both, common words, a few with a word no track holds), and a seeded stream of
 * them in which query of popularity rank r comes up with probability proportional to
 * 1/r^s (Zipf): a few queries are asked very often, most rarely. Immutable.
 */
final class QueryPool {

    /** Tracks of the generated catalog the queries are drawn from: its prefix, enough for realistic words. */
    private static final long SOURCE_TRACKS = 200_000;

    private final String[] queries;
    private final int[] stream;
    private final double zipf;

    private QueryPool(String[] queries, int[] stream, double zipf) {
        this.queries = queries;
        this.stream = stream;
        this.zipf = zipf;
    }

    /**
     * @param catalogTracks the catalog's generated tracks and their seed (the queries come from the same tracks)
     * @param distinct      distinct queries
     * @param zipf          the popularity skew s (0: uniform)
     * @param streamLength  searches in the stream (it repeats when a run needs more)
     */
    static QueryPool generate(long catalogTracks, long catalogSeed, int distinct, double zipf, int streamLength,
                              long seed) {
        long source = Math.min(catalogTracks, SOURCE_TRACKS);
        // Draw more than needed: different tracks can give the same query.
        int draws = distinct * 2 + 100;
        long[] sample = QueryMix.sampleIds(source, draws, seed);
        TokenizedCorpus corpus = TokenizedCorpus.generate(source, catalogSeed,
                Runtime.getRuntime().availableProcessors(), sample);
        Set<String> unique = new LinkedHashSet<>();
        for (String[] words : QueryMix.generate(corpus, sample, draws, seed).queries()) {
            if (unique.size() == distinct) {
                break;
            }
            unique.add(String.join(" ", words));
        }
        if (unique.size() < distinct) {
            throw new IllegalStateException("only " + unique.size() + " distinct queries from " + source
                    + " tracks; ask for fewer");
        }
        String[] queries = unique.toArray(new String[0]);
        TrackIdSampler popularity = new TrackIdSampler(distinct, zipf);
        SplittableRandom random = new SplittableRandom(seed ^ 0x2545F4914F6CDD1DL);
        int[] stream = new int[streamLength];
        for (int i = 0; i < streamLength; i++) {
            stream[i] = popularity.next(random) - 1;
        }
        return new QueryPool(queries, stream, zipf);
    }

    /** The same queries, each once, in popularity-rank order: a stream of misses only. */
    QueryPool eachOnce() {
        int[] once = new int[queries.length];
        for (int i = 0; i < once.length; i++) {
            once[i] = i;
        }
        return new QueryPool(queries, once, 0);
    }

    int distinct() {
        return queries.length;
    }

    String query(int index) {
        return queries[index];
    }

    /** The query index at {@code position} of the stream (wrapping around). */
    int at(long position) {
        return stream[(int) (position % stream.length)];
    }

    int streamLength() {
        return stream.length;
    }

    /** Distinct queries among the first {@code n} of the stream. */
    int distinctIn(int n) {
        boolean[] seen = new boolean[queries.length];
        int count = 0;
        for (int i = 0; i < Math.min(n, stream.length); i++) {
            if (!seen[stream[i]]) {
                seen[stream[i]] = true;
                count++;
            }
        }
        return count;
    }

    String describe() {
        return String.format(java.util.Locale.ROOT, "%,d distinct queries (QueryMix over the catalog's tracks), "
                + "%s popularity, stream of %,d", queries.length, zipf == 0 ? "uniform" : "Zipf s=" + zipf,
                stream.length);
    }
}
