package io.constellation.bench.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Query throughput of ours against Lucene on the {@link QueryMix} of {@value #QUERIES}
 * queries over a generated corpus, one query thread (the machine has two cores; the other
 * is left to GC and the OS). One operation is one query; an invocation runs the whole mix,
 * so every figure is an average over the same mix {@link IndexVsLucene} reports.
 *
 * <p>Each fork builds only the engine it measures, from the same seed-42 tracks, so the
 * setup of a 5M-track fork takes about a minute. Identity of the two engines' results is
 * checked by {@link IndexVsLucene} and the bench unit test, not here.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar IndexQueryBenchmark
 * java -jar bench/target/benchmarks.jar IndexQueryBenchmark -p tracks=1000000 -p engine=ours
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms12g", "-Xmx12g"})
@Warmup(iterations = 3, time = 10)
@Measurement(iterations = 3, time = 10)
@Threads(1)
public class IndexQueryBenchmark {

    /** Queries in the mix; also the operations per invocation. */
    static final int QUERIES = 10_000;
    private static final long SEED = 42;

    /** Corpus size. */
    @Param({"1000000", "5000000"})
    public long tracks;

    /** Which engine this fork measures. */
    @Param({"ours", "lucene"})
    public String engine;

    private SearchEngine index;
    private String[][] queries;
    private long[] out;
    private Path tmp;

    /** Generates the corpus and the query mix, and builds the measured engine. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        long[] sampleIds = QueryMix.sampleIds(tracks, QUERIES, SEED);
        TokenizedCorpus corpus = TokenizedCorpus.generate(tracks, SEED, threads, sampleIds);
        queries = QueryMix.generate(corpus, sampleIds, QUERIES, SEED).queries();
        tmp = Files.createTempDirectory("index-query-benchmark-");
        index = switch (engine) {
            case "ours" -> OurEngine.build(corpus, threads);
            case "lucene" -> LuceneEngine.build(corpus, tmp, threads);
            default -> throw new IllegalArgumentException("unknown engine " + engine);
        };
        out = new long[Math.toIntExact(tracks)];
    }

    /** Closes the engine and removes Lucene's files. */
    @TearDown(Level.Trial)
    public void tearDown() {
        index.close();
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs every query of the mix once, collecting every matching id. */
    @Benchmark
    @OperationsPerInvocation(QUERIES)
    public void queryMix(Blackhole bh) {
        for (String[] q : queries) {
            bh.consume(index.search(q, out));
        }
    }
}
