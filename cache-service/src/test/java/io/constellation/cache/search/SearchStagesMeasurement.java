package io.constellation.cache.search;

import io.constellation.cache.search.internal.SortedMerge;
import io.constellation.cache.search.testing.SatelliteFeed;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.grpc.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * CPU time per operation of the search stages' own work, on generated data; a program, not
 * a test (run its main by hand). Local steps report the measuring thread's CPU time; the
 * gateway round trip reports the whole process's (client and an in-process gateway), per
 * call, so figures stay meaningful on a shared, busy machine.
 */
public final class SearchStagesMeasurement {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SearchStagesMeasurement() {
    }

    /** Prints the figures. */
    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !args[0].equals("gateway")) {
            for (int n : new int[] {10_000, 100_000, 1_000_000}) {
                local(n);
            }
        }
        for (int firstAsk : new int[] {40, 200, 1000}) {
            gateway(100_000, firstAsk);
        }
        gateway(10_000, 1000);
    }

    private static void local(int n) {
        SplittableRandom random = new SplittableRandom(1);
        long[] ids = new long[n];
        double[] hist = new double[n];
        int[] current = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 4L * i + random.nextInt(4);
            hist[i] = random.nextDouble() < 0.3 ? random.nextInt(100) / 2.0 : 0;
            current[i] = random.nextDouble() < 0.1 ? 1 + random.nextInt(5) : 0;
        }
        long[][] shards = new long[4][];
        for (int s = 0; s < 4; s++) {
            int shard = s;
            shards[s] = java.util.Arrays.stream(ids).filter(id -> id % 4 == shard).toArray();
        }
        int rounds = Math.max(3, 2_000_000 / n);
        report("merge 4 shards", n, rounds, () -> SortedMerge.merge(shards));
        report("historical order", n, Math.max(2, rounds / 10), () -> Ranking.historicalOrder(ids, hist, n));
        report("page 0 (all counts known)", n, rounds, () -> Ranking.page(current, n, n, 0, 20));
        report("page past the available", n, rounds, () -> Ranking.page(current, n, n, n - 40, 20));
    }

    private static void report(String what, int n, int rounds, Runnable op) {
        for (int w = 0; w < rounds; w++) {
            op.run(); // warm-up
        }
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            op.run();
        }
        long perOp = (THREADS.getCurrentThreadCpuTime() - cpu0) / rounds;
        System.out.printf("%-28s n=%,9d: %,10.1f us CPU/op (%.1f ns/result)%n", what, n, perOp / 1e3,
                (double) perOp / n);
    }

    private static void gateway(int n, int firstAsk) throws Exception {
        try (TestCatalog db = TestCatalog.h2();
             GatewayServer gw = new GatewayServer(GatewayConfig.builder().startupWait(Duration.ZERO)
                     .historicalJobScheduled(false).build(), db.catalog()).start()) {
            gw.awaitServing(Duration.ofSeconds(10));
            SplittableRandom random = new SplittableRandom(2);
            long[] ids = new long[n];
            Map<Long, Integer> counts = new HashMap<>();
            for (int i = 0; i < n; i++) {
                ids[i] = 1 + (i * 7919L) % 2_000_003;
                if (random.nextDouble() < 0.1) {
                    counts.put(ids[i], 1);
                }
            }
            try (SatelliteFeed feed = new SatelliteFeed(gw.grpcPort(), "sat-1", counts, Duration.ofSeconds(20));
                 CurrentAvailability client = new CurrentAvailability(List.of("127.0.0.1:" + gw.grpcPort()),
                         Duration.ofSeconds(2), firstAsk, CurrentAvailability.GATEWAY_MAX_IDS,
                         new SearchStageMetrics(new SimpleMeterRegistry()))) {
                gatewayCase(client, ids, 0, "first page, first ask " + firstAsk);
                if (firstAsk == 1000) {
                    gatewayCase(client, ids, n - 40, "page among the unavailable (all)");
                }
            }
        }
    }

    private static void gatewayCase(CurrentAvailability client, long[] ids, int offset, String what) throws Exception {
        int rounds = ids.length >= 100_000 && offset > 0 ? 50 : 2000;
        for (int w = 0; w < rounds; w++) {
            client.forPage(ids, offset, 20, Deadline.after(5, TimeUnit.SECONDS)).get();
        }
        long cpu0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        int known = 0;
        for (int r = 0; r < rounds; r++) {
            known = client.forPage(ids, offset, 20, Deadline.after(5, TimeUnit.SECONDS)).get().known();
        }
        long cpu = (OS.getProcessCpuTime() - cpu0) / rounds;
        long wall = (System.nanoTime() - t0) / rounds;
        System.out.printf("gateway %-34s n=%,9d: asked %,9d ids, %,8.1f us process CPU/call, %,8.1f us wall%n",
                what, ids.length, known, cpu / 1e3, wall / 1e3);
    }
}
