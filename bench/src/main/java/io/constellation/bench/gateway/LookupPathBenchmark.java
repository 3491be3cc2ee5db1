package io.constellation.bench.gateway;

import io.constellation.common.ops.ServiceMetrics;
import io.constellation.gateway.availability.internal.Availability;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Duration;
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
    private static final String GET_AVAILABILITY = AvailabilityServiceGrpc.getGetAvailabilityMethod().getFullMethodName();

    /** Tracks the gateway holds: 100k (a 400 KB table), 1M (4 MB), 10M (40 MB). */
    @Param({"100000", "1000000", "10000000"})
    public int tracks;

    /** generated, marshallers or lookupsOnly (see the class comment). */
    @Param({"generated", "marshallers", "lookupsOnly"})
    public String path;

    /** Whether the call passes Micrometer's gRPC server interceptor, as in every Constellation server. */
    @Param({"false", "true"})
    public boolean metrics;

    private PrometheusMeterRegistry registry;
    private Availability availability;
    private Server server;
    private ManagedChannel channel;
    private SyntheticFeed feed;
    private RequestPool requests;
    private CallHarness<?, ?> harness;
    private int next;

    /** Builds the gateway's state, fed over an in-process channel, and the call harness of the path. */
    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        registry = ServiceMetrics.create("bench");
        GatewayMetrics gatewayMetrics = new GatewayMetrics(registry);
        availability = new Availability(Duration.ofSeconds(5), Duration.ZERO, 0, gatewayMetrics, registry,
                System::nanoTime, () -> { });
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        availability.services().forEach(builder::addService);
        server = builder.build().start();
        availability.start();
        if (!availability.awaitReady(Duration.ofSeconds(10))) {
            throw new IllegalStateException("gateway state not ready");
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        feed = SyntheticFeed.start(channel, "jmh-feed", tracks, Duration.ofMinutes(2));
        requests = new RequestPool(REQUESTS, IDS, new TrackIdSampler(tracks, 0), 42);
        BindableService service = switch (path) {
            case "generated" -> new GeneratedLookupService(availability, gatewayMetrics);
            case "marshallers", "lookupsOnly" -> availability.services().get(0);
            default -> throw new IllegalArgumentException("unknown path " + path);
        };
        ServerServiceDefinition definition = service.bindService();
        if (metrics) {
            definition = ServerInterceptors.intercept(definition, new MetricCollectingServerInterceptor(registry));
        }
        harness = CallHarness.of(definition, GET_AVAILABILITY);
        check();
    }

    /** Both paths must answer the same number of bytes for the same request (the same counts, encoded alike). */
    private void check() {
        if (path.equals("lookupsOnly")) {
            return;
        }
        long expected = 0;
        for (int id : requests.ids(0)) {
            expected += varintSize(SyntheticFeed.expectedCount(id));
        }
        long got = harness.call(requests.bytes(0));
        // tag + length of the packed counts, then servers_reporting (1) as tag + 1 byte
        long header = 1 + varintSize((int) expected);
        if (got != header + expected + 2) {
            throw new IllegalStateException(path + " answered " + got + " bytes, expected " + (header + expected + 2));
        }
    }

    private static int varintSize(int v) {
        return v < 128 ? 1 : v < 16384 ? 2 : v < (1 << 21) ? 3 : v < (1 << 28) ? 4 : 5;
    }

    /** Stops the feed, the state and the in-process server. */
    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        feed.close();
        availability.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        registry.close();
    }

    /** One call of {@value #IDS} ids (or, for lookupsOnly, its table reads); the requests are cycled. */
    @Benchmark
    public long call() {
        int r = next;
        next = r + 1 == REQUESTS ? 0 : r + 1;
        if (path.equals("lookupsOnly")) {
            long sum = 0;
            for (int id : requests.ids(r)) {
                sum += availability.count(id);
            }
            return sum;
        }
        return harness.call(requests.bytes(r));
    }
}
