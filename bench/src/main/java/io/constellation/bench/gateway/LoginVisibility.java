package io.constellation.bench.gateway;

import io.constellation.satellite.client.SatelliteClient;
import io.constellation.satellite.client.SatelliteClientException;
import io.constellation.satellite.wire.Transport;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.IoEventLoopGroup;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How long after a satellite starts logging in its tracks show at a gateway: satellites
 * log in over real TCP at a fixed rate with share lists of {@code --files} files, each
 * with one marker track of its own, stay online for {@code --hold}, and a poller asks the
 * gateway for their tracks every {@code --poll} ({@link VisibilityPoller}). The latency
 * of a login runs from just before its client starts connecting to the answer that showed
 * every one of its tracks.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.constellation.bench.gateway.LoginVisibility \
 *     --gateway spawn --rate 500 --warmup 10s --duration 30s
 * </pre>
 *
 * <p>Processes: the satellite server, the satellites and the poller run in this JVM; the
 * gateway in its own ({@code --gateway spawn}, the default), in this one
 * ({@code embedded}) or wherever {@code HOST:PORT} says. Options: {@code --catalog
 * JDBC_URL} (default H2 in a temporary directory), {@code --server assembled|node} and
 * {@code --iterations N} (see {@link SatelliteSide}; default assembled with 1 PBKDF2
 * iteration), {@code --rate} logins per second (500), {@code --files} per share list
 * (300), {@code --universe} tracks to draw them from (100,000) with {@code --zipf} skew
 * (1.0), {@code --hold} online time of each satellite (5s; also the most a login may take
 * to show), {@code --poll} (10ms), {@code --delta} the satellite server's feed interval
 * (250ms, the default of a deployment), {@code --sources} loopback source addresses
 * (8), {@code --client-threads} event loops of the satellites (2), {@code --seed}.
 */
public final class LoginVisibility {

    /** Threads that log satellites out when their time is up. */
    private static final int CLOSERS = 16;
    /**
     * Satellites open at once at most (each holds a socket at both ends in this JVM, and a
     * process may open 20,000 files): when logouts fall behind on an overloaded machine,
     * new logins wait rather than exhaust the descriptors the catalog pool needs too.
     */
    private static final int MAX_OPEN = 7_000;
    /** Seconds a user name rests between two logins: more than any login takes to end. */
    private static final int USER_REST_SECONDS = 30;

    private LoginVisibility() {
    }

    /** Parsed command line; see the class comment. */
    record Options(String gateway, String gatewayJvm, String catalog, String server, int iterations, int rate,
                   int files, int universe, double zipf, Duration warmup, Duration duration, Duration hold,
                   Duration poll, Duration delta, int sources, int clientThreads, long seed) {

        static Options parse(String[] args) {
            String gateway = "spawn";
            String gatewayJvm = "-Xms1g -Xmx1g";
            String catalog = null;
            String server = "assembled";
            int iterations = 1;
            int rate = 500;
            int files = 300;
            int universe = 100_000;
            double zipf = 1.0;
            Duration warmup = Duration.ofSeconds(10);
            Duration duration = Duration.ofSeconds(30);
            Duration hold = Duration.ofSeconds(5);
            Duration poll = Duration.ofMillis(10);
            Duration delta = Duration.ofMillis(250);
            int sources = 8;
            int clientThreads = 2;
            long seed = 42;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--embedded") || a.equals("--spawn")) {
                    gateway = a.substring(2);
                    continue;
                }
                String v = Args.value(args, i++);
                switch (a) {
                    case "--gateway", "--target" -> gateway = v;
                    case "--gateway-jvm" -> gatewayJvm = v;
                    case "--catalog" -> catalog = v.equals("h2") ? null : v;
                    case "--server" -> server = v;
                    case "--iterations" -> iterations = Args.count(v);
                    case "--rate" -> rate = Args.count(v);
                    case "--files" -> files = Args.count(v);
                    case "--universe" -> universe = Args.count(v);
                    case "--zipf" -> zipf = Double.parseDouble(v);
                    case "--warmup" -> warmup = Args.duration(v);
                    case "--duration" -> duration = Args.duration(v);
                    case "--hold" -> hold = Args.duration(v);
                    case "--poll" -> poll = Args.duration(v);
                    case "--delta" -> delta = Args.duration(v);
                    case "--sources" -> sources = Args.count(v);
                    case "--client-threads" -> clientThreads = Args.count(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (server.equals("node")) {
                iterations = io.constellation.common.auth.PasswordHasher.DEFAULT_ITERATIONS; // what SatelliteNode hashes with
            }
            if (rate < 1 || files < 2 || universe < files || sources < 1 || sources > 250 || clientThreads < 1
                    || duration.isZero() || hold.isZero() || poll.isZero()) {
                throw new IllegalArgumentException("rate >= 1, files >= 2, universe >= files, sources 1..250, "
                        + "client threads >= 1, and positive duration, hold and poll please");
            }
            return new Options(gateway, gatewayJvm, catalog, server, iterations, rate, files, universe, zipf,
                    warmup, duration, hold, poll, delta, sources, clientThreads, seed);
        }

        /** Logins the run starts. */
        int logins() {
            return (int) Math.ceil(rate * (warmup.toNanos() + duration.toNanos()) / 1e9);
        }
    }

    /**
     * The figures of the logins started in the measured window.
     *
     * @param visibleMillis start to all tracks visible, of the logins that became visible, sorted
     */
    record Result(int started, double startRate, long acknowledged, long visibleCount, long notVisible, long failed,
                  double[] ackMillis, double[] visibleMillis, double[] ackToVisibleMillis, CpuMeter.Usage cpu) {

        double visiblePercentile(double q) {
            return percentile(visibleMillis, q);
        }
    }

    public static void main(String[] args) throws Exception {
        Result r = run(Options.parse(args), System.out);
        if (r.visibleCount() == 0 || r.failed() > 0) {
            System.exit(1);
        }
    }

    /** Runs the benchmark described by {@code o}, printing progress and figures to {@code out}. */
    static Result run(Options o, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "machine: %d processors, load average %.2f; java %s; this JVM max heap %,d MB%n",
                Runtime.getRuntime().availableProcessors(), CpuMeter.loadAverage(), System.getProperty("java.version"),
                Runtime.getRuntime().maxMemory() >> 20);
        int logins = o.logins();
        int users = (int) Math.min(Integer.MAX_VALUE, (long) o.rate() * (o.hold().toSeconds() + USER_REST_SECONDS));
        try (BenchCatalog catalog = BenchCatalog.open(o.catalog(), 16)) {
            long t0 = System.nanoTime();
            SharePopulation population = SharePopulation.prepare(catalog.catalog(), o.universe(), logins, users,
                    o.iterations(), o.zipf(), o.seed());
            out.printf(Locale.ROOT, "catalog %s: %,d universe tracks, %,d marker tracks, %,d users ready in %.1f s%n",
                    catalog.describe(), o.universe(), logins, users, (System.nanoTime() - t0) / 1e9);
            try (GatewayUnderTest gateway = GatewayUnderTest.of(o.gateway(), 0, o.gatewayJvm(), out);
                 SatelliteSide satellites = SatelliteSide.start(o.server(), catalog.catalog(), o.iterations(),
                         gateway.host() + ":" + gateway.port(), o.delta())) {
                out.printf(Locale.ROOT, "gateway %s; satellite server %s in this JVM (%d PBKDF2 iterations), feed "
                                + "deltas every %d ms; %d logins/s with %d files (Zipf s=%.1f over %,d tracks), each "
                                + "online %d s; polling every %d ms%n",
                        gateway.describe(), o.server(), o.iterations(), o.delta().toMillis(), o.rate(), o.files(),
                        o.zipf(), o.universe(), o.hold().toSeconds(), o.poll().toMillis());
                return drive(o, population, gateway, satellites, out);
            }
        }
    }

    private static Result drive(Options o, SharePopulation population, GatewayUnderTest gateway,
                                SatelliteSide satellites, PrintStream out) throws Exception {
        int logins = o.logins();
        LoginRecords records = new LoginRecords(logins);
        ManagedChannel channel = NettyChannelBuilder.forAddress(gateway.host(), gateway.port()).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        VisibilityPoller poller = new VisibilityPoller(records, channel, o.poll().toNanos(), o.hold().toNanos());
        Thread pollerThread = new Thread(poller, "visibility-poller");
        // One single-loop group per thread, assigned round robin: SatelliteClient's constructor
        // asks a shared group for its transport after taking its loop, which advances the
        // group's round robin too, so clients sharing one 2-loop group all land on one loop.
        IoEventLoopGroup[] groups = new IoEventLoopGroup[o.clientThreads()];
        for (int i = 0; i < groups.length; i++) {
            groups[i] = Transport.best().newGroup(1, "satellites-" + i, true);
        }
        // SatelliteClient.close() waits for the client's event loop to finish with it: many
        // closers, so that a busy loop delays logouts (and the reuse of their user names) little.
        ScheduledExecutorService closer = Executors.newScheduledThreadPool(CLOSERS, r -> {
            Thread t = new Thread(r, "satellite-closer");
            t.setDaemon(true);
            return t;
        });
        long otherPid = gateway.inProcess() ? 0 : gateway.pid();
        double loadBefore = CpuMeter.loadAverage();
        try {
            InetSocketAddress server = new InetSocketAddress("127.0.0.1", satellites.port());
            InetAddress[] sources = sources(o.sources());
            warmResolver(o, population, server, sources, groups, out);
            pollerThread.start();
            long t0 = System.nanoTime();
            long measureFrom = t0 + o.warmup().toNanos();
            long measureTo = measureFrom + o.duration().toNanos();
            CpuMeter.Reading cpuStart = null;
            CpuMeter.Usage cpu = null;
            SplittableRandom random = new SplittableRandom(o.seed());
            long periodNanos = 1_000_000_000L / o.rate();
            long nextProgress = t0 + TimeUnit.SECONDS.toNanos(1);
            AtomicInteger open = new AtomicInteger();
            long maxLagNanos = 0;
            for (int k = 0; k < logins; k++) {
                long due = t0 + k * periodNanos;
                sleepUntil(due);
                while (open.get() >= MAX_OPEN) {
                    Thread.sleep(1);
                }
                maxLagNanos = Math.max(maxLagNanos, System.nanoTime() - due);
                if (cpuStart == null && due >= measureFrom) {
                    cpuStart = CpuMeter.Reading.now(otherPid);
                }
                int[] ids = new int[o.files()];
                SatelliteClient client = SatelliteClient.builder().server(server)
                        .user(population.user(k)).password(SharePopulation.PASSWORD)
                        .files(population.shareList(k, o.files(), random, ids))
                        .eventLoopGroup(groups[k % groups.length]).localAddress(sources[k % sources.length]).reconnect(false)
                        .listener(listener(records, k)).build();
                records.started(k, ids, System.nanoTime());
                client.start();
                poller.watch(k);
                open.incrementAndGet();
                closer.schedule(() -> {
                    client.close();
                    open.decrementAndGet();
                }, o.hold().toNanos(), TimeUnit.NANOSECONDS);
                if (System.nanoTime() >= nextProgress) {
                    nextProgress += TimeUnit.SECONDS.toNanos(1);
                    out.printf(Locale.ROOT, "  %3d s: %,d logins started, %,d visible, %,d failed%n",
                            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0), k + 1, countVisible(records, k),
                            records.failures());
                }
            }
            if (maxLagNanos > TimeUnit.MILLISECONDS.toNanos(100)) {
                out.printf(Locale.ROOT, "logins fell behind schedule by up to %,d ms (the machine could not keep up, "
                        + "or %,d satellites were open at once)%n", TimeUnit.NANOSECONDS.toMillis(maxLagNanos), MAX_OPEN);
            }
            sleepUntil(measureTo);
            cpu = CpuMeter.Reading.now(otherPid).since(cpuStart == null ? CpuMeter.Reading.now(otherPid) : cpuStart);
            poller.finish();
            pollerThread.join(o.hold().toMillis() + 10_000);
            Result r = summarize(o, records, t0, measureFrom, measureTo, cpu);
            report(o, r, records, poller, loadBefore, gateway.inProcess(), out);
            return r;
        } finally {
            pollerThread.interrupt();
            closer.shutdown();
            closer.awaitTermination(o.hold().toSeconds() + 30, TimeUnit.SECONDS);
            for (IoEventLoopGroup g : groups) {
                g.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Logs in satellites that between them share every universe track once, waits for their
     * acknowledgements and logs them out: afterwards the satellite server's resolver cache
     * and the catalog's own caches hold the universe, so the measured logins see a warm
     * catalog (their marker tracks are still new to the resolver, one catalog look-up each).
     * They use the last user names of the pool, which the measured logins reach last.
     */
    private static void warmResolver(Options o, SharePopulation population, InetSocketAddress server,
                                     InetAddress[] sources, IoEventLoopGroup[] groups, PrintStream out)
            throws Exception {
        long t0 = System.nanoTime();
        int per = o.files();
        int count = (population.universe() + per - 1) / per;
        int batch = 50;
        for (int from = 0; from < count; from += batch) {
            java.util.List<SatelliteClient> clients = new java.util.ArrayList<>();
            for (int i = from; i < Math.min(count, from + batch); i++) {
                clients.add(SatelliteClient.builder().server(server)
                        .user(population.user(population.users() - 1 - i)).password(SharePopulation.PASSWORD)
                        .files(population.slice(i * per, (i + 1) * per))
                        .eventLoopGroup(groups[i % groups.length]).localAddress(sources[i % sources.length])
                        .reconnect(false).build().start());
            }
            for (SatelliteClient c : clients) {
                c.sharesAcknowledged().get(2, TimeUnit.MINUTES);
            }
            clients.forEach(SatelliteClient::close);
        }
        out.printf(Locale.ROOT, "resolver warmed: %,d satellites shared all %,d universe tracks in %.1f s%n", count,
                population.universe(), (System.nanoTime() - t0) / 1e9);
    }

    private static SatelliteClient.Listener listener(LoginRecords records, int k) {
        return new SatelliteClient.Listener() {
            @Override
            public void connected(SatelliteClient client) {
                records.connected(k, System.nanoTime());
            }

            @Override
            public void loggedIn(SatelliteClient client, io.constellation.proto.satellite.v1.LoginAccepted accepted) {
                records.loggedIn(k, System.nanoTime());
            }

            @Override
            public void shareAcknowledged(SatelliteClient client, io.constellation.proto.satellite.v1.ShareAck ack) {
                records.acknowledged(k, System.nanoTime());
            }

            @Override
            public void stopped(SatelliteClient client, SatelliteClientException reason) {
                if (reason != null) {
                    records.failed(reason.getMessage());
                }
            }
        };
    }

    private static long countVisible(LoginRecords records, int upTo) {
        long n = 0;
        for (int k = 0; k <= upTo; k++) {
            n += records.visible(k) != 0 ? 1 : 0;
        }
        return n;
    }

    private static InetAddress[] sources(int n) throws UnknownHostException {
        InetAddress[] a = new InetAddress[n];
        for (int i = 0; i < n; i++) {
            a[i] = InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)});
        }
        return a;
    }

    private static Result summarize(Options o, LoginRecords records, long t0, long from, long to, CpuMeter.Usage cpu) {
        int n = records.size();
        double[] ack = new double[n];
        double[] visible = new double[n];
        double[] ackToVisible = new double[n];
        int started = 0;
        int acks = 0;
        int seen = 0;
        int ackSeen = 0;
        for (int k = 0; k < n; k++) {
            long s = records.start(k);
            if (s < from || s >= to) {
                continue;
            }
            started++;
            long a = records.ack(k);
            long v = records.visible(k);
            if (a != 0) {
                ack[acks++] = (a - s) / 1e6;
            }
            if (v != 0) {
                visible[seen++] = (v - s) / 1e6;
                if (a != 0) {
                    ackToVisible[ackSeen++] = (v - a) / 1e6;
                }
            }
        }
        ack = sorted(ack, acks);
        visible = sorted(visible, seen);
        ackToVisible = sorted(ackToVisible, ackSeen);
        long failed = records.failures();
        return new Result(started, started / ((to - from) / 1e9), acks, seen, started - seen, failed, ack, visible,
                ackToVisible, cpu);
    }

    private static void report(Options o, Result r, LoginRecords records, VisibilityPoller poller, double loadBefore,
                               boolean gatewayInProcess, PrintStream out) {
        out.printf(Locale.ROOT, "logins in the measured %d s: %,d started (%.0f/s), %,d share lists acknowledged, "
                        + "%,d visible at the gateway, %,d not visible within %d s; failures (whole run): %,d%s%n",
                o.duration().toSeconds(), r.started(), r.startRate(), r.acknowledged(), r.visibleCount(),
                r.notVisible(), o.hold().toSeconds(), r.failed(),
                records.lastFailure() == null ? "" : " (last: " + records.lastFailure() + ")");
        describeMissing(records, r, out);
        out.printf(Locale.ROOT, "start -> ShareAck ms:             %s%n", line(r.ackMillis()));
        out.printf(Locale.ROOT, "start -> all tracks at gateway ms: %s%n", line(r.visibleMillis()));
        out.printf(Locale.ROOT, "ShareAck -> all tracks at gateway ms: %s%n", line(r.ackToVisibleMillis()));
        out.printf(Locale.ROOT, "poller: %,d rounds, %,d errors%s; markers seen above 1: %,d%n", poller.rounds(),
                poller.pollErrors(), poller.lastError() == null ? "" : " (last: " + poller.lastError() + ")",
                records.markerOverOne());
        CpuMeter.Usage cpu = r.cpu();
        out.printf(Locale.ROOT, "CPU: this JVM (satellite server, satellites, poller%s) %.2f cores%s; other processes "
                        + "%.2f cores of %.0f; load average %.2f before, %.2f after%n",
                gatewayInProcess ? ", gateway" : "", cpu.selfSeconds() / cpu.wallSeconds(),
                gatewayInProcess || cpu.otherSeconds() < 0 ? ""
                        : String.format(Locale.ROOT, "; gateway %.2f cores", cpu.otherSeconds() / cpu.wallSeconds()),
                cpu.othersCores(), cpu.machineCores(), loadBefore, CpuMeter.loadAverage());
        double p99 = r.visiblePercentile(0.99);
        out.printf(Locale.ROOT, "target: p99 start -> visible <= 1000 ms: %s (p99 %.0f ms%s)%n",
                p99 <= 1000 && r.notVisible() == 0 ? "met" : "NOT met", p99,
                r.notVisible() == 0 ? "" : ", and " + r.notVisible() + " logins never showed");
    }

    /** What the first few logins that never showed had got to, to tell a slow login from a lost one. */
    private static void describeMissing(LoginRecords records, Result r, PrintStream out) {
        int shown = 0;
        for (int k = 0; k < records.size() && shown < 5 && r.notVisible() > 0; k++) {
            long s = records.start(k);
            if (s != 0 && records.visible(k) == 0) {
                shown++;
                out.printf(Locale.ROOT, "  login %d not visible: connected %s, logged in %s, ShareAck %s, marker %s%n", k,
                        after(records.connected(k), s), after(records.loggedIn(k), s), after(records.ack(k), s),
                        records.marker(k) == 0 ? "never seen" : String.format(Locale.ROOT, "seen after %.0f ms",
                                (records.marker(k) - s) / 1e6));
            }
        }
    }

    private static String after(long nanos, long start) {
        return nanos == 0 ? "never" : String.format(Locale.ROOT, "after %.0f ms", (nanos - start) / 1e6);
    }

    private static String line(double[] sorted) {
        if (sorted.length == 0) {
            return "none";
        }
        return String.format(Locale.ROOT, "p50 %.0f   p90 %.0f   p99 %.0f   p999 %.0f   max %.0f   (%,d)",
                percentile(sorted, 0.5), percentile(sorted, 0.9), percentile(sorted, 0.99), percentile(sorted, 0.999),
                sorted[sorted.length - 1], sorted.length);
    }

    static double percentile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double[] sorted(double[] values, int n) {
        double[] s = Arrays.copyOf(values, n);
        Arrays.sort(s);
        return s;
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
