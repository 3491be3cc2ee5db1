package io.constellation.bench.index;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

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
    public record Build(long nanos, long indexBytes, long heapBytes, long fileBytes) {

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
     * @param oursCountOnly ours without collecting ids (diagnostic: the cost of the intersections alone)
     */
    public record Result(Settings settings, QueryMix.Queries mix, int words, long postings, long generateNanos,
                         Build ours, Build lucene, int luceneSegments, ResultCheck.Agreement agreement,
                         LatencyStats oursLatency, LatencyStats luceneLatency, LatencyStats oursCountOnly) {
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
        Built<OurEngine> ours = buildOurs(corpus, s, log);
        Built<LuceneEngine> lucene = buildLucene(corpus, s, log);
        corpus = null; // the tracks' words are no longer needed: let the timed runs have the heap
        try {
            return measure(s, log, mix, postings, generateNanos, ours, lucene);
        } finally {
            lucene.engine().close();
        }
    }

    /** An engine and the figures of its build. */
    private record Built<E extends SearchEngine>(E engine, Build build) {
    }

    /** Times our build alone (heap measured around it), then writes the segment file once. */
    private static Built<OurEngine> buildOurs(TokenizedCorpus corpus, Settings s, PrintStream log) {
        long heapBefore = Heap.used();
        long t0 = System.nanoTime();
        OurEngine ours = OurEngine.build(corpus, s.buildThreads());
        long nanos = System.nanoTime() - t0;
        long heap = Heap.used() - heapBefore;
        Build build = new Build(nanos, ours.indexBytes(), heap, ours.serializedBytes(s.tempDir()));
        log.printf("ours built in %.1f s: %,d words, %,d bytes (sizeInBytes), segment file %,d bytes%n",
                nanos / 1e9, ours.segment().wordCount(), build.indexBytes(), build.fileBytes());
        return new Built<>(ours, build);
    }

    /** Times Lucene's build: slices indexed, merged to one segment, committed. */
    private static Built<LuceneEngine> buildLucene(TokenizedCorpus corpus, Settings s, PrintStream log) {
        long heapBefore = Heap.used();
        long t0 = System.nanoTime();
        LuceneEngine lucene = LuceneEngine.build(corpus, s.tempDir(), s.buildThreads());
        long nanos = System.nanoTime() - t0;
        Build build = new Build(nanos, lucene.indexBytes(), Heap.used() - heapBefore, lucene.indexBytes());
        log.printf("lucene built in %.1f s: %d segment(s), %,d bytes on disk%n", nanos / 1e9,
                lucene.segmentCount(), build.indexBytes());
        return new Built<>(lucene, build);
    }

    /** Checks identical results, then times both engines and the count-only diagnostic, interleaved. */
    private static Result measure(Settings s, PrintStream log, QueryMix.Queries mix, long postings, long generateNanos,
                                  Built<OurEngine> ours, Built<LuceneEngine> lucene) {
        int size = Math.toIntExact(s.tracks());
        long[] outA = new long[size];
        long[] outB = new long[size];
        ResultCheck.Agreement agreement = ResultCheck.verify(ours.engine(), lucene.engine(), mix.queries(), outA, outB);
        log.printf("identical results on all %,d queries: %,d matches in total, %d empty%n",
                mix.queries().length, agreement.totalMatches(), agreement.emptyQueries());
        List<LatencyStats> stats = LatencyStats.measureInterleaved(
                List.of(ours.engine(), lucene.engine(), ours.engine().countOnly()), mix.queries(),
                s.warmupRounds(), s.rounds(), outA);
        log.printf("ours:   %,.0f queries/s%n", stats.get(0).queriesPerSecond());
        log.printf("lucene: %,.0f queries/s%n", stats.get(1).queriesPerSecond());
        return new Result(s, mix, ours.engine().segment().wordCount(), postings, generateNanos, ours.build(),
                lucene.build(), lucene.engine().segmentCount(), agreement, stats.get(0), stats.get(1), stats.get(2));
    }
}
