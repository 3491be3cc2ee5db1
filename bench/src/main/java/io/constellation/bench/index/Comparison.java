package io.constellation.bench.index;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The whole comparison for one corpus size: generate and tokenise the tracks once, build
 * both indexes from the same words (each build timed alone), draw the query mix, check
 * that both engines return identical ids for every query, then time the mix on one thread.
 * Used by {@link IndexVsLucene} and by the test on a tiny corpus.
 */
public final class Comparison {

    private Comparison() {
    }

    /**
     * Settings of one comparison.
     *
     * @param tracks       corpus size
     * @param queries      number of queries in the mix
     * @param seed         seed of the corpus and of the query mix
     * @param warmupRounds untimed passes over the mix per engine
     * @param rounds       timed passes over the mix per engine
     * @param buildThreads threads for tokenising and for each index build
     * @param tempDir      parent of Lucene's index directory
     */
    public record Settings(long tracks, int queries, long seed, int warmupRounds, int rounds, int buildThreads,
                           Path tempDir) {
    }

    /** Build figures of one engine. */
    public record Build(long nanos, long indexBytes, long heapBytes) {

        /** Documents indexed per second. */
        public double docsPerSecond(long docs) {
            return docs * 1e9 / nanos;
        }
    }

    /**
     * Everything measured for one corpus size.
     *
     * @param mix     the queries (kinds, for the report)
     * @param words   distinct words in the corpus
     * @param postings (track, word) pairs in the corpus
     */
    public record Result(Settings settings, QueryMix.Queries mix, int words, long postings, long generateNanos,
                         Build ours, Build lucene, int luceneSegments, ResultCheck.Agreement agreement,
                         LatencyStats oursLatency, LatencyStats luceneLatency) {
    }

    /** Runs the comparison, logging progress to {@code log}; throws if the engines disagree. */
    public static Result run(Settings s, PrintStream log) {
        long t0 = System.nanoTime();
        long[] sampleIds = QueryMix.sampleIds(s.tracks(), s.queries(), s.seed());
        TokenizedCorpus corpus = TokenizedCorpus.generate(s.tracks(), s.seed(), s.buildThreads(), sampleIds);
        long generateNanos = System.nanoTime() - t0;
        long postings = corpus.postingCount();
        log.printf("%,d tracks generated and tokenised in %.1f s (%,d postings)%n", s.tracks(), generateNanos / 1e9,
                postings);
        QueryMix.Queries mix = QueryMix.generate(corpus, sampleIds, s.queries(), s.seed());

        long heapBefore = Heap.used();
        long b0 = System.nanoTime();
        OurEngine ours = OurEngine.build(corpus, s.buildThreads());
        long oursNanos = System.nanoTime() - b0;
        Build oursBuild = new Build(oursNanos, ours.indexBytes(), Heap.used() - heapBefore);
        log.printf("ours built in %.1f s: %,d words, %,d bytes%n", oursNanos / 1e9, ours.segment().wordCount(),
                oursBuild.indexBytes());

        heapBefore = Heap.used();
        long l0 = System.nanoTime();
        LuceneEngine lucene = LuceneEngine.build(corpus, s.tempDir(), s.buildThreads());
        long luceneNanos = System.nanoTime() - l0;
        Build luceneBuild = new Build(luceneNanos, lucene.indexBytes(), Heap.used() - heapBefore);
        log.printf("lucene built in %.1f s: %d segment(s), %,d bytes on disk%n", luceneNanos / 1e9,
                lucene.segmentCount(), luceneBuild.indexBytes());
        int words = ours.segment().wordCount();
        corpus = null; // the tracks' words are no longer needed: let the timed runs have the heap

        try {
            int size = Math.toIntExact(s.tracks());
            long[] outA = new long[size];
            long[] outB = new long[size];
            ResultCheck.Agreement agreement = ResultCheck.verify(ours, lucene, mix.queries(), outA, outB);
            log.printf("identical results on all %,d queries: %,d matches in total, %d empty%n",
                    mix.queries().length, agreement.totalMatches(), agreement.emptyQueries());
            LatencyStats oursLatency = LatencyStats.measure(ours, mix.queries(), s.warmupRounds(), s.rounds(), outA);
            log.printf("ours:   %,.0f queries/s%n", oursLatency.queriesPerSecond());
            LatencyStats luceneLatency =
                    LatencyStats.measure(lucene, mix.queries(), s.warmupRounds(), s.rounds(), outB);
            log.printf("lucene: %,.0f queries/s%n", luceneLatency.queriesPerSecond());
            return new Result(s, mix, words, postings, generateNanos, oursBuild, luceneBuild,
                    lucene.segmentCount(), agreement, oursLatency, luceneLatency);
        } finally {
            lucene.close();
        }
    }
}
