package io.constellation.bench.gateway;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * GetAvailability throughput and latency over loopback gRPC, with the gateway in this JVM,
 * in a child JVM or already running somewhere:
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.constellation.bench.gateway.AvailabilityLoad \
 *     --gateway spawn --tracks 1000000 --ids 1000 --concurrency 64 --channels 2 --warmup 10s --duration 30s
 * </pre>
 *
 * <p>Options:
 * <ul>
 *   <li>{@code --gateway embedded|spawn|HOST:PORT} (default spawn; {@code --embedded} and
 *       {@code --target HOST:PORT} are the same), {@code --gateway-pid PID} to read a
 *       running gateway's CPU, {@code --gateway-jvm "OPTS"} for a spawned one
 *       (default {@code -Xms1g -Xmx1g});</li>
 *   <li>{@code --tracks N}: a synthetic satellite server feeds the gateway N tracks (ids
 *       1..N, counts 1 to 50) before the run (default 1,000,000; 0 feeds nothing, for a
 *       gateway fed otherwise);</li>
 *   <li>{@code --ids N} per call (default 1,000), drawn from 1..tracks, {@code --zipf S}
 *       skew (default 0: uniform), {@code --requests R} distinct requests cycled through
 *       (default 1,024), {@code --seed};</li>
 *   <li>{@code --concurrency C} calls in flight (default 64) over {@code --channels K}
 *       channels (default 2), for {@code --warmup} then {@code --duration} (default 10s and
 *       30s);</li>
 *   <li>{@code --codec raw|protobuf}: how this client encodes and decodes (see
 *       {@link LookupCodec}; default raw).</li>
 * </ul>
 *
 * <p>Every answer is checked: as many counts as ids, and when this program fed the gateway
 * it owns (embedded or spawned), each count equal to what the feed gave the id.
 */
public final class AvailabilityLoad {

    private AvailabilityLoad() {
    }

    /** Parsed command line; see the class comment. */
    record Options(String gateway, long gatewayPid, String gatewayJvm, int tracks, int ids, double zipf,
                   int requests, long seed, int concurrency, int channels, Duration warmup, Duration duration,
                   LookupCodec codec) {

        static Options defaults() {
            return new Options("spawn", 0, "-Xms1g -Xmx1g", 1_000_000, 1000, 0, 1024, 42, 64, 2,
                    Duration.ofSeconds(10), Duration.ofSeconds(30), LookupCodec.RAW);
        }

        static Options parse(String[] args) {
            Options o = defaults();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--embedded") || a.equals("--spawn")) {
                    o = o.withGateway(a.substring(2));
                    continue;
                }
                String v = Args.value(args, i++);
                o = switch (a) {
                    case "--gateway", "--target" -> o.withGateway(v);
                    case "--gateway-pid" -> new Options(o.gateway, Long.parseLong(v), o.gatewayJvm, o.tracks, o.ids,
                            o.zipf, o.requests, o.seed, o.concurrency, o.channels, o.warmup, o.duration, o.codec);
                    case "--gateway-jvm" -> new Options(o.gateway, o.gatewayPid, v, o.tracks, o.ids, o.zipf,
                            o.requests, o.seed, o.concurrency, o.channels, o.warmup, o.duration, o.codec);
                    case "--tracks" -> o.withLoad(Args.count(v), o.ids, o.zipf, o.requests, o.seed);
                    case "--ids" -> o.withLoad(o.tracks, Args.count(v), o.zipf, o.requests, o.seed);
                    case "--zipf" -> o.withLoad(o.tracks, o.ids, Double.parseDouble(v), o.requests, o.seed);
                    case "--requests" -> o.withLoad(o.tracks, o.ids, o.zipf, Args.count(v), o.seed);
                    case "--seed" -> o.withLoad(o.tracks, o.ids, o.zipf, o.requests, Long.parseLong(v));
                    case "--concurrency" -> o.withRun(Args.count(v), o.channels, o.warmup, o.duration, o.codec);
                    case "--channels" -> o.withRun(o.concurrency, Args.count(v), o.warmup, o.duration, o.codec);
                    case "--warmup" -> o.withRun(o.concurrency, o.channels, Args.duration(v), o.duration, o.codec);
                    case "--duration" -> o.withRun(o.concurrency, o.channels, o.warmup, Args.duration(v), o.codec);
                    case "--codec" -> o.withRun(o.concurrency, o.channels, o.warmup, o.duration,
                            LookupCodec.valueOf(v.toUpperCase(Locale.ROOT)));
                    default -> throw new IllegalArgumentException("unknown option " + a);
                };
            }
            return o.validated();
        }

        Options withGateway(String g) {
            return new Options(g, gatewayPid, gatewayJvm, tracks, ids, zipf, requests, seed, concurrency, channels,
                    warmup, duration, codec);
        }

        Options withLoad(int t, int n, double z, int r, long s) {
            return new Options(gateway, gatewayPid, gatewayJvm, t, n, z, r, s, concurrency, channels, warmup,
                    duration, codec);
        }

        Options withRun(int c, int k, Duration w, Duration d, LookupCodec x) {
            return new Options(gateway, gatewayPid, gatewayJvm, tracks, ids, zipf, requests, seed, c, k, w, d, x);
        }

        Options validated() {
            if (tracks < 0 || ids < 1 || requests < 1 || concurrency < 1 || channels < 1
                    || duration.isZero() || duration.isNegative() || warmup.isNegative()) {
                throw new IllegalArgumentException("tracks >= 0, ids, requests, concurrency and channels >= 1, "
                        + "duration > 0 and warmup >= 0 please: " + this);
            }
            return this;
        }
    }

    /**
     * What a run measured.
     *
     * @param cpu CPU of this JVM and of the gateway's (when it is another process) over the measured window
     */
    record Result(long calls, double seconds, long errors, long wrongAnswers, Histogram latency, CpuMeter.Usage cpu,
                  boolean gatewayInProcess, int idsPerCall) {

        double callsPerSecond() {
            return calls / seconds;
        }

        /** Client and gateway CPU per call, in microseconds; -1 if the gateway's is unknown. */
        double cpuMicrosPerCall() {
            double server = gatewayInProcess ? 0 : cpu.otherSeconds();
            return server < 0 || calls == 0 ? -1 : (cpu.selfSeconds() + server) * 1e6 / calls;
        }
    }

    public static void main(String[] args) throws Exception {
        Result r = run(Options.parse(args), System.out);
        if (r.errors() > 0 || r.wrongAnswers() > 0 || r.calls() == 0) {
            System.exit(1);
        }
    }

    /** Runs the load described by {@code o}, printing progress and the figures to {@code out}. */
    static Result run(Options o, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "machine: %d processors, load average %.2f; java %s; this JVM max heap %,d MB%n",
                Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
        RequestPool pool = new RequestPool(o.requests(), o.ids(), new TrackIdSampler(Math.max(1, o.tracks()), o.zipf()),
                o.seed());
        try (GatewayUnderTest gateway = GatewayUnderTest.of(o.gateway(), o.gatewayPid(), o.gatewayJvm(), out)) {
            ManagedChannel[] channels = channels(gateway, o.channels());
            try {
                return drive(o, gateway, channels, pool, out);
            } finally {
                for (ManagedChannel c : channels) {
                    c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
                }
            }
        }
    }

    private static Result drive(Options o, GatewayUnderTest gateway, ManagedChannel[] channels, RequestPool pool,
                                PrintStream out) throws Exception {
        boolean exact = o.tracks() > 0 && !o.gateway().contains(":");
        SyntheticFeed feed = null;
        if (o.tracks() > 0) {
            long t0 = System.nanoTime();
            feed = SyntheticFeed.start(channels[0], "gwbench-feed-" + ProcessHandle.current().pid(), o.tracks(),
                    Duration.ofMinutes(2));
            out.printf(Locale.ROOT, "fed %,d tracks in %.1f s%n", o.tracks(), (System.nanoTime() - t0) / 1e9);
        }
        try {
            out.printf(Locale.ROOT, "GetAvailability: gateway %s; %,d ids per call (%s over 1..%,d, %,d distinct "
                            + "requests of %.0f bytes), %d calls in flight over %d channel(s), %s client codec%n",
                    gateway.describe(), o.ids(), o.zipf() == 0 ? "uniform" : "Zipf s=" + o.zipf(),
                    Math.max(1, o.tracks()), o.requests(), pool.meanBytes(), o.concurrency(), o.channels(),
                    o.codec().name().toLowerCase(Locale.ROOT));
            LoadDriver driver = new LoadDriver(channels, o.codec(), pool, exact ? AvailabilityLoad::exact
                    : (ids, counts) -> counts.length == ids.length);
            long otherPid = gateway.inProcess() ? 0 : gateway.pid();
            double loadBefore = CpuMeter.loadAverage();
            driver.start(o.concurrency(), o.warmup().toNanos(), o.duration().toNanos());
            CpuMeter.Usage cpu = driver.watch(otherPid, "calls", out);
            Result r = new Result(driver.calls(), o.duration().toNanos() / 1e9, driver.errors(), driver.wrongAnswers(),
                    driver.latency(), cpu, gateway.inProcess(), o.ids());
            report(r, driver, loadBefore, out);
            return r;
        } finally {
            if (feed != null) {
                feed.close();
            }
        }
    }

    private static boolean exact(int[] ids, int[] counts) {
        if (counts.length != ids.length) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            if (counts[i] != SyntheticFeed.expectedCount(ids[i])) {
                return false;
            }
        }
        return true;
    }

    private static ManagedChannel[] channels(GatewayUnderTest gateway, int n) {
        ManagedChannel[] channels = new ManagedChannel[n];
        for (int i = 0; i < n; i++) {
            // directExecutor: answers are handled on the transport thread that read them,
            // which also starts the next call; no thread hand-off on the client either.
            channels[i] = NettyChannelBuilder.forAddress(gateway.host(), gateway.port()).usePlaintext()
                    .directExecutor().maxInboundMessageSize(16 << 20).build();
        }
        return channels;
    }

    private static void report(Result r, LoadDriver driver, double loadBefore, PrintStream out) {
        Histogram h = r.latency();
        CpuMeter.Usage cpu = r.cpu();
        out.printf(Locale.ROOT, "calls/s: %,.0f   ids/s: %,.0f   calls: %,d in %.1f s   errors: %,d%s   wrong answers: %,d%n",
                r.callsPerSecond(), r.callsPerSecond() * r.idsPerCall(), r.calls(), r.seconds(), r.errors(),
                driver.lastError() == null ? "" : " (last: " + driver.lastError() + ")", r.wrongAnswers());
        out.printf(Locale.ROOT, "latency us: p50 %,.0f   p99 %,.0f   p999 %,.0f   max %,.0f   mean %,.0f%n",
                h.percentile(0.50) / 1e3, h.percentile(0.99) / 1e3, h.percentile(0.999) / 1e3, h.max() / 1e3,
                h.mean() / 1e3);
        double perCall = r.calls() == 0 ? 0 : 1e6 / r.calls();
        if (r.gatewayInProcess()) {
            out.printf(Locale.ROOT, "CPU: this JVM (load and gateway) %.2f cores = %.0f us per call%n",
                    cpu.selfSeconds() / cpu.wallSeconds(), cpu.selfSeconds() * perCall);
        } else {
            out.printf(Locale.ROOT, "CPU: load generator %.2f cores = %.0f us per call; gateway %s%n",
                    cpu.selfSeconds() / cpu.wallSeconds(), cpu.selfSeconds() * perCall,
                    cpu.otherSeconds() < 0 ? "unknown (give --gateway-pid)" : String.format(Locale.ROOT,
                            "%.2f cores = %.0f us per call", cpu.otherSeconds() / cpu.wallSeconds(),
                            cpu.otherSeconds() * perCall));
        }
        out.printf(Locale.ROOT, "machine: %s other processes busy %.2f cores of %.0f; load average %.2f before, %.2f after%n",
                cpu.machineBusy() < 0 ? "unknown;" : "", cpu.othersCores(), cpu.machineCores(), loadBefore,
                CpuMeter.loadAverage());
        double total = r.cpuMicrosPerCall();
        if (total > 0) {
            out.printf(Locale.ROOT, "CPU per call, client and gateway together: %.0f us -> an idle 2-core machine "
                    + "would do about %,.0f calls/s (2 cores / CPU per call)%n", total, 2e6 / total);
        }
    }
}
