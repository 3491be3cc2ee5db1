package io.constellation.cache.client;

import io.constellation.common.search.QueryKey;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * CPU cost of the client's routing, a program, not a test (run its main by hand): the
 * {@link QueryKey} of a typical query, and the routing decision ({@link SearchClient#owners})
 * on a ring of args[0] nodes (default 8) of the default weight. CPU time of this thread
 * (ThreadMXBean), so other load on the machine does not inflate it much; prints the load
 * average with the figures.
 */
public final class SearchClientRoutingMeasurement {

    private static final int KEYS = 100_000;
    private static final int ROUNDS = 20;

    private SearchClientRoutingMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        SearchClientConfig.Builder b = SearchClientConfig.builder();
        for (int i = 0; i < nodes; i++) {
            b.node(CacheNode.of("cache-" + i, "127.0.0.1", 17_300 + i));
        }
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        String[] queries = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            queries[i] = "The Artist " + (i % 5_000) + " - Song Title " + i;
        }
        try (SearchClient client = new SearchClient(b.build())) {
            QueryKey[] keys = new QueryKey[KEYS];
            long sink = 0;
            for (int round = 0; round < ROUNDS; round++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < KEYS; i++) {
                    keys[i] = QueryKey.of(queries[i]);
                }
                long t1 = cpu.getCurrentThreadCpuTime();
                for (int i = 0; i < KEYS; i++) {
                    sink += client.owners(keys[i]).primary().weight();
                }
                long t2 = cpu.getCurrentThreadCpuTime();
                if (round == ROUNDS - 1) {
                    System.out.printf("%d nodes: QueryKey.of %.0f ns CPU/query, owners %.0f ns CPU/query (sink %d)%n",
                            nodes, (t1 - t0) / (double) KEYS, (t2 - t1) / (double) KEYS, sink);
                }
            }
        }
        System.out.println("load average " + new String(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("/proc/loadavg"))).trim());
    }
}
