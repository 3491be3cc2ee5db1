package io.constellation.bench.cache;

import io.constellation.bench.gateway.CpuMeter;
import io.constellation.bench.gateway.Histogram;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cached searches over loopback gRPC: every query of the pool is searched once, then
 * searches drawn with Zipf popularity are sent with a fixed number in flight, and
 * searches/s, latency and the CPU per search of client and servers are reported:
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.constellation.bench.cache.CachedSearchLoad \
 *     --stack spawn --tracks 100000 --queries 20000 --zipf 1.0 --concurrency 32 --warmup 15s --duration 30s
 * </pre>
 *
 * <p>Options:
 * <ul>
 *   <li>{@code --stack embedded|spawn|ID@HOST:PORT,...} (default spawn: the servers in a
 *       child JVM, so the two CPUs are told apart), {@code --stack-pid PID} for listed nodes,
 *       {@code --stack-jvm "OPTS"} (default {@code -Xms2g -Xmx2g});</li>
 *   <li>the {@link StackOptions} ({@code --catalog h2|h2:DIR|JDBC_URL}, {@code --tracks}
 *       (default 100,000), {@code --shards}, {@code --nodes}, {@code --memory-mb},
 *       {@code --available}, {@code --work}, {@code --catalog-seed});</li>
 *   <li>{@code --queries N} distinct (default 20,000), {@code --zipf S} (default 1.0),
 *       {@code --seed}, {@code --limit} results per page (default 20);</li>
 *   <li>{@code --via client|stub} (default client: the {@code SearchClient} a front end
 *       uses), {@code --concurrency C} searches in flight (default 32), {@code --warmup},
 *       {@code --duration} (default 15s and 30s: the JIT needs the warm-up).</li>
 * </ul>
 *
 * <p>"Servers" CPU is the whole stack's process: the cache nodes and the gateway, which every
 * hit asks for the current availability of its results (the index shards and the catalog
 * are idle once the pool is warm).
 *
 * <p>Every answer is checked (at most a page of results, no more than its total, a node id);
 * the run fails on errors or wrong answers. The target of issue 4: at least 15,000
 * searches/s with p99 under 5 ms, client and servers sharing a 2-core machine.
 */
public final class CachedSearchLoad {

    /** Searches in flight while warming the pool. */
    private static final int WARM_IN_FLIGHT = 16;
    private static final double TARGET_PER_SECOND = 15_000;
    private static final double TARGET_P99_MILLIS = 5;

    private CachedSearchLoad() {
    }

    /** Parsed command line; see the class comment. */
    record Options(String stack, long stackPid, String stackJvm, StackOptions stackOptions, int queries,
                   double zipf, long seed, int limit, String via, int concurrency, Duration warmup,
                   Duration duration) {

        static Options parse(String[] args) {
            OptionMap o = new OptionMap(args);
            Options parsed = new Options(o.string("stack", "spawn"), o.number("stack-pid", 0),
                    o.string("stack-jvm", "-Xms2g -Xmx2g"), StackOptions.from(o, 100_000), o.count("queries", 20_000),
                    o.real("zipf", 1.0), o.number("seed", 42), o.count("limit", 20), o.string("via", "client"),
                    o.count("concurrency", 32), o.duration("warmup", Duration.ofSeconds(15)),
                    o.duration("duration", Duration.ofSeconds(30)));
            o.done();
            if (parsed.queries < 1 || parsed.limit < 1 || parsed.limit > 200 || parsed.concurrency < 1
                    || parsed.duration.isZero() || parsed.warmup.isNegative()) {
                throw new IllegalArgumentException("queries, concurrency >= 1, limit 1..200, duration > 0 please");
            }
            return parsed;
        }
    }

    public static void main(String[] args) throws Exception {
        SearchDriver d = run(Options.parse(args), System.out);
        if (d.errors() > 0 || d.wrongAnswers() > 0 || d.calls() == 0) {
            System.exit(1);
        }
    }

    static SearchDriver run(Options o, PrintStream out) throws Exception {
        SearchReport.machine(out);
        QueryPool pool = QueryPool.generate(o.stackOptions().tracks(), o.stackOptions().seed(), o.queries(), o.zipf(),
                1 << 22, o.seed());
        out.println("queries: " + pool.describe());
        try (StackUnderTest stack = StackUnderTest.of(o.stack(), o.stackPid(), o.stackJvm(), o.stackOptions(), out);
             SearchCaller caller = SearchCaller.of(o.via(), stack.members(), pool, o.limit())) {
            warmAll(caller, pool, out);
            out.printf(Locale.ROOT, "cached searches: nodes %s via %s, page of %d, %d in flight%n", stack.describe(),
                    o.via(), o.limit(), o.concurrency());
            SearchDriver d = new SearchDriver(caller, pool, o.limit());
            long otherPid = stack.inProcess() ? 0 : stack.pid();
            double loadBefore = CpuMeter.loadAverage();
            d.start(o.concurrency(), o.warmup().toNanos(), o.duration().toNanos(), Long.MAX_VALUE);
            CpuMeter.Usage cpu = d.watch(otherPid, "searches", out);
            SearchReport.throughput(d, o.duration().toNanos() / 1e9, out);
            SearchReport.sources(d, out);
            SearchReport.cpu(cpu, d.calls(), stack.inProcess(), loadBefore, out);
            verdict(d, o.duration().toNanos() / 1e9, out);
            return d;
        }
    }

    /**
     * Searches every query of the pool once, so the measured searches are hits (a search, not
     * a Prefetch: a node may decline prefetches under load).
     */
    static void warmAll(SearchCaller caller, QueryPool pool, PrintStream out) throws InterruptedException {
        long t0 = System.nanoTime();
        Semaphore inFlight = new Semaphore(WARM_IN_FLIGHT);
        AtomicLong failed = new AtomicLong();
        for (int q = 0; q < pool.distinct(); q++) {
            inFlight.acquire();
            caller.search(q, (r, error) -> {
                if (error != null) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        inFlight.acquire(WARM_IN_FLIGHT);
        out.printf(Locale.ROOT, "warmed %,d queries in %.1f s (%,d failed)%n", pool.distinct(),
                (System.nanoTime() - t0) / 1e9, failed.get());
    }

    private static void verdict(SearchDriver d, double seconds, PrintStream out) {
        Histogram h = d.latency();
        double rate = d.calls() / seconds;
        double p99 = h.percentile(0.99) / 1e6;
        out.printf(Locale.ROOT, "target (>= %,.0f searches/s, p99 < %.0f ms, client and servers on this machine): "
                        + "%,.0f/s, p99 %.2f ms -> %s%n", TARGET_PER_SECOND, TARGET_P99_MILLIS, rate, p99,
                rate >= TARGET_PER_SECOND && p99 < TARGET_P99_MILLIS ? "met" : "NOT met");
    }
}
