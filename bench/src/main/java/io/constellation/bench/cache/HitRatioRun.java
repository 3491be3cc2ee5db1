package io.constellation.bench.cache;

import io.constellation.proto.search.v1.ServedFrom;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The hit ratio of a realistic query stream: cold cache nodes get a seeded stream of
 * searches drawn with Zipf popularity from a large set of distinct queries, and the share
 * answered from memory, disk or by a miss is reported for each tenth of the stream (the
 * caches warm up) and overall, next to the best any cache could do (every distinct query
 * misses once) and to the Audiogalaxy peak (1,500-2,000 searches/s on 4 cache and 4 index
 * servers) for what the misses would cost the index servers:
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.constellation.bench.cache.HitRatioRun \
 *     --tracks 100000 --queries 50000 --zipf 1.0 --searches 200000 --concurrency 16
 * </pre>
 *
 * <p>Options: {@code --stack embedded|spawn|ID@HOST:PORT,...} (default embedded),
 * {@code --stack-jvm}, the {@link StackOptions} ({@code --tracks} default 100,000),
 * {@code --queries N} distinct (default 50,000), {@code --zipf S} (default 1.0),
 * {@code --searches N} (default 200,000), {@code --seed}, {@code --limit} (default 20),
 * {@code --via client|stub}, {@code --concurrency C} (default 16).
 */
public final class HitRatioRun {

    /** Audiogalaxy's peak search rate ("Lessons Learned Scaling the Audiogalaxy Search Engine"). */
    private static final double PEAK_LOW = 1500;
    private static final double PEAK_HIGH = 2000;
    private static final int PEAK_INDEX_SERVERS = 4;

    private HitRatioRun() {
    }

    public static void main(String[] args) throws Exception {
        OptionMap o = new OptionMap(args);
        String where = o.string("stack", "embedded");
        String jvm = o.string("stack-jvm", "-Xms2g -Xmx2g");
        StackOptions stackOptions = StackOptions.from(o, 100_000);
        int queries = o.count("queries", 50_000);
        double zipf = o.real("zipf", 1.0);
        int searches = o.count("searches", 200_000);
        long seed = o.number("seed", 42);
        int limit = o.count("limit", 20);
        String via = o.string("via", "client");
        int concurrency = o.count("concurrency", 16);
        o.done();
        PrintStream out = System.out;
        SearchReport.machine(out);
        QueryPool pool = QueryPool.generate(stackOptions.tracks(), stackOptions.seed(), queries, zipf, searches, seed);
        out.println("queries: " + pool.describe());
        try (StackUnderTest stack = StackUnderTest.of(where, 0, jvm, stackOptions, out);
             SearchCaller caller = SearchCaller.of(via, stack.members(), pool, limit)) {
            out.printf(Locale.ROOT, "query stream: nodes %s via %s, %d in flight%n", stack.describe(), via, concurrency);
            SearchDriver d = new SearchDriver(caller, pool, limit);
            SearchReport.throughput(d, d.runAll(concurrency, searches, out), out);
            report(d, pool, searches, out);
            if (d.errors() > 0 || d.wrongAnswers() > 0) {
                System.exit(1);
            }
        }
    }

    private static void report(SearchDriver d, QueryPool pool, int searches, PrintStream out) {
        out.println("tenth of the stream: memory / disk / miss -> hit ratio");
        double last = 0;
        for (int part = 0; part < SearchDriver.PARTS; part++) {
            long memory = d.served(part, ServedFrom.SERVED_FROM_MEMORY);
            long disk = d.served(part, ServedFrom.SERVED_FROM_DISK);
            long miss = d.served(part, ServedFrom.SERVED_FROM_MISS);
            long all = memory + disk + miss;
            last = all == 0 ? 0 : (double) (memory + disk) / all;
            out.printf(Locale.ROOT, "  %2d  %,9d / %,9d / %,9d -> %.4f%n", part + 1, memory, disk, miss, last);
        }
        SearchReport.sources(d, out);
        int distinct = pool.distinctIn(searches);
        out.printf(Locale.ROOT, "best possible (each of the %,d distinct queries of the stream misses once): %.4f%n",
                distinct, 1 - (double) distinct / searches);
        out.printf(Locale.ROOT, "Audiogalaxy peak %,.0f-%,.0f searches/s on 4 cache and %d index servers: at the last "
                        + "tenth's hit ratio %.4f, %,.0f-%,.0f misses/s reach the index, %,.0f-%,.0f per index server%n",
                PEAK_LOW, PEAK_HIGH, PEAK_INDEX_SERVERS, last, PEAK_LOW * (1 - last), PEAK_HIGH * (1 - last),
                PEAK_LOW * (1 - last) / PEAK_INDEX_SERVERS, PEAK_HIGH * (1 - last) / PEAK_INDEX_SERVERS);
    }
}
