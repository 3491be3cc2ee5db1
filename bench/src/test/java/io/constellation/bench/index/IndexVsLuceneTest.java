package io.constellation.bench.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The comparison harness on a tiny corpus: both engines must return identical ids for every
 * query (the harness throws otherwise), and the query mix must have the shape the benchmark
 * claims. Keeps the benchmark honest without running it.
 */
class IndexVsLuceneTest {

    private static final int TRACKS = 20_000;
    private static final int QUERIES = 200;

    @TempDir
    Path tmp;

    @Test
    void oursAndLuceneReturnIdenticalIdsForTheWholeQueryMix() {
        Comparison.Settings settings = new Comparison.Settings(TRACKS, QUERIES, 42, 0, 1, 2, tmp);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        Comparison.Result r = Comparison.run(settings, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertTrue(r.agreement().totalMatches() > 0, "queries should match something");
        assertTrue(r.agreement().emptyQueries() >= r.mix().count(QueryMix.Kind.MISSING_WORD),
                "every query with a missing word matches nothing");
        assertEquals(1, r.luceneSegments(), "Lucene index is force-merged to one segment");
        assertEquals(r.agreement().totalMatches(), r.oursLatency().matchesPerRound());
        assertEquals(r.agreement().totalMatches(), r.luceneLatency().matchesPerRound());
    }

    @Test
    void queryMixIsDeterministicAndShapedLikeSearches() {
        long[] ids = QueryMix.sampleIds(TRACKS, QUERIES, 7);
        TokenizedCorpus corpus = TokenizedCorpus.generate(TRACKS, 7, 2, ids);
        QueryMix.Queries a = QueryMix.generate(corpus, ids, QUERIES, 7);
        QueryMix.Queries b = QueryMix.generate(corpus, ids, QUERIES, 7);

        assertEquals(QUERIES, a.queries().length);
        for (int i = 0; i < QUERIES; i++) {
            assertEquals(String.join(" ", a.queries()[i]), String.join(" ", b.queries()[i]));
            int words = a.queries()[i].length;
            assertTrue(words >= 1 && words <= 4, "1 to 4 words: " + words);
        }
        int missing = a.count(QueryMix.Kind.MISSING_WORD);
        assertTrue(missing > 0 && missing < QUERIES / 10, "about 5% with a missing word: " + missing);
    }

    @Test
    void checksumDetectsOrderAndContent() {
        long[] x = {1, 2, 3};
        long[] y = {1, 3, 2};
        assertTrue(ResultCheck.checksum(x, 3) != ResultCheck.checksum(y, 3));
        assertEquals(ResultCheck.checksum(x, 2), ResultCheck.checksum(new long[] {1, 2, 9}, 2));
    }
}
