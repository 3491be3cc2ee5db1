package io.constellation.bench.cache;

import io.constellation.bench.gateway.CpuMeter;
import io.constellation.index.IndexServer;
import io.constellation.index.internal.IndexMetrics;
import io.micrometer.core.instrument.DistributionSummary;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Uncached searches on a large generated catalog: each of the pool's distinct queries is
 * searched once (every search a miss: index fan-out, catalog rows, gateway), and p50/p99
 * are reported for each stage from the nodes' own histograms, and for the whole search from
 * the client:
 *
 * <pre>
 * java -Xms6g -Xmx6g -cp bench/target/benchmarks.jar io.constellation.bench.cache.UncachedSearchLoad \
 *     --catalog h2:/var/tmp/catalog-5m --work /var/tmp/search-5m --tracks 5000000 --queries 2000 --concurrency 4
 * </pre>
 *
 * <p>The servers run in this JVM (their meters are read directly). Options: the
 * {@link StackOptions} ({@code --tracks} default 5,000,000; give {@code --catalog h2:DIR} or a
 * MariaDB JDBC URL, and {@code --work DIR}, so the catalog and the index segments are built
 * once and reused), {@code --queries N} (default 2,000), {@code --seed}, {@code --limit}
 * (default 20), {@code --via client|stub}, {@code --concurrency C} (default 4).
 */
public final class UncachedSearchLoad {

    private UncachedSearchLoad() {
    }

    public static void main(String[] args) throws Exception {
        OptionMap o = new OptionMap(args);
        StackOptions stackOptions = StackOptions.from(o, 5_000_000);
        int queries = o.count("queries", 2000);
        long seed = o.number("seed", 42);
        int limit = o.count("limit", 20);
        String via = o.string("via", "client");
        int concurrency = o.count("concurrency", 4);
        o.done();
        SearchDriver d = run(stackOptions, queries, seed, limit, via, concurrency, System.out);
        if (d.errors() > 0 || d.wrongAnswers() > 0 || d.calls() == 0) {
            System.exit(1);
        }
    }

    static SearchDriver run(StackOptions stackOptions, int queries, long seed, int limit, String via, int concurrency,
                            PrintStream out) throws Exception {
        SearchReport.machine(out);
        QueryPool pool = QueryPool.generate(stackOptions.tracks(), stackOptions.seed(), queries, 0, queries, seed)
                .eachOnce();
        out.println("queries: " + pool.describe() + ", each searched once");
        try (StackUnderTest stack = StackUnderTest.of("embedded", 0, "", stackOptions, out);
             SearchCaller caller = SearchCaller.of(via, stack.members(), pool, limit)) {
            out.printf(Locale.ROOT, "uncached searches: %,d tracks, %d shard(s), %d node(s) via %s, %d in flight%n",
                    stackOptions.tracks(), stackOptions.shards(), stackOptions.nodes(), via, concurrency);
            SearchDriver d = new SearchDriver(caller, pool, limit);
            // CPU of the searches alone (client and servers share this JVM), not of the set-up.
            double loadBefore = CpuMeter.loadAverage();
            CpuMeter.Reading before = CpuMeter.Reading.now(-1);
            SearchReport.throughput(d, d.runAll(concurrency, pool.distinct(), out), out);
            SearchReport.cpu(CpuMeter.Reading.now(-1).since(before), d.calls(), true, loadBefore, out);
            SearchReport.sources(d, out);
            out.printf(Locale.ROOT, "answers with total_capped (more matches than a result set keeps): %,d%n",
                    d.capped());
            for (IndexServer shard : stack.embedded().shards()) {
                // Micrometer's max is that of the last few minutes: the run's, for runs that short.
                DistributionSummary m = shard.registry().find(IndexMetrics.QUERY_RESULTS).summary();
                out.printf(Locale.ROOT, "index shard matches per query: %,d queries, mean %,.0f, max %,.0f%n",
                        m.count(), m.mean(), m.max());
            }
            out.println("by stage (the nodes' histograms):");
            StageLatencies.print(stack.embedded().nodes(), out);
            return d;
        }
    }
}
