package io.constellation.bench.gateway;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway's own work for one GetAvailability call of {@value #IDS} ids, without the
 * transport: parse the request bytes, look up every id, build and serialise the response
 * ({@link CallHarness}). Paths:
 * <ul>
 *   <li>{@code generated}: the generated protobuf messages and marshallers, as the gateway
 *       answered before ({@link GeneratedLookupService});</li>
 *   <li>{@code marshallers}: the gateway as it is, ids read straight into an int[] and
 *       counts written straight into the response bytes (gateway's {@code LookupMarshallers});</li>
 *   <li>{@code lookupsOnly}: just the {@value #IDS} table reads of a call, summed: the floor
 *       any path pays, set by the memory the ids touch.</li>
 * </ul>
 * The gateway holds {@code tracks} tracks (ids 1..tracks, as {@link SyntheticFeed} feeds
 * them) and the ids are drawn uniformly from them, so the table's size decides how many of
 * the look-ups miss the caches. {@code metrics} adds the Micrometer gRPC interceptor every
 * Constellation gRPC server has (GrpcEndpoint), to show its share.
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar LookupPathBenchmark
 * java -jar bench/target/benchmarks.jar LookupPathBenchmark -p tracks=1000000 -p path=marshallers
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Threads(1)
public class LookupPathBenchmark {

    static final int IDS = 1000;
    private static final int REQUESTS = 1024;

    /** Tracks the gateway holds: 100k (a 400 KB table), 1M (4 MB), 10M (40 MB). */
    @Param({"100000", "1000000", "10000000"})
    public int tracks;

    /** generated, marshallers or lookupsOnly (see the class comment). */
    @Param({"generated", "marshallers", "lookupsOnly"})
    public String path;

    /** Whether the call passes Micrometer's gRPC server interceptor, as in every Constellation server. */
    @Param({"false", "true"})
    public boolean metrics;

    private LookupFixture fixture;
    private LookupFixture.Path measured;
    private RequestPool requests;
    private CallHarness<?, ?> harness;
    private int next;

    /** Builds the gateway's state and the call harness of the path, and checks both paths answer alike. */
    @Setup(Level.Trial)
    public void setUp() {
        fixture = new LookupFixture(tracks, IDS, REQUESTS, 0);
        requests = fixture.requests();
        measured = LookupFixture.Path.of(path);
        if (measured != LookupFixture.Path.LOOKUPS_ONLY) {
            harness = fixture.harness(measured, metrics);
            LookupPathComparison.checkSameAnswers(fixture, 16);
        }
    }

    /** Stops the feed, the state and the in-process server. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        fixture.close();
    }

    /** One call of {@value #IDS} ids (or, for lookupsOnly, its table reads); the requests are cycled. */
    @Benchmark
    public long call() {
        int r = next;
        next = r + 1 == REQUESTS ? 0 : r + 1;
        if (harness == null) {
            return fixture.lookupsOnly(r);
        }
        return harness.call(requests.bytes(r));
    }
}
