package io.constellation.cache;

import com.google.common.util.concurrent.ListenableFuture;
import io.constellation.cache.internal.CacheMetrics.Outcome;
import io.constellation.cache.search.IndexShards;
import io.constellation.cache.search.testing.SatelliteFeed;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * CPU time per cached search (memory hits) through a cache node's gRPC port on loopback,
 * with everything in one JVM: client, cache node, gateway, two index shards, H2 catalog.
 * A program, not a test (run its main by hand). Reports the whole process's CPU time per
 * search (so it includes the client's and the gateway's work: an upper bound for the
 * node), which stays meaningful on a shared, busy machine; wall-clock rate is printed for
 * orientation only.
 *
 * <p>Usage: {@code CacheServerMeasurement [searches] [inFlight] [resultsPerQuery]}.
 */
public final class CacheServerMeasurement {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CacheServerMeasurement() {
    }

    /** Prints the figures. */
    public static void main(String[] args) throws Exception {
        int searches = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int inFlight = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int perQuery = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        int queries = 100;
        Path dir = Files.createTempDirectory("cache-measure");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            TestCatalog db = TestCatalog.h2();
            open.add(db);
            List<Track> tracks = new ArrayList<>();
            for (int q = 0; q < queries; q++) {
                for (int i = 0; i < perQuery; i++) {
                    tracks.add(new Track(0, "Artist q" + q, "Word" + q + " Title " + i, "Album " + (i % 7)));
                }
            }
            TrackStore store = new TrackStore(db.catalog());
            store.insertTracks(tracks);
            IndexServer s0 = shard(db, 0, dir, open);
            IndexServer s1 = shard(db, 1, dir, open);
            GatewayServer gw = new GatewayServer(GatewayConfig.builder().startupWait(Duration.ZERO)
                    .historicalJobScheduled(false).build(), db.catalog()).start();
            open.add(gw);
            gw.awaitServing(Duration.ofSeconds(30));
            // One in ten tracks is shared now.
            Map<Long, Integer> shared = new HashMap<>();
            for (long id = 1; id <= tracks.size(); id += 10) {
                shared.put(id, 1);
            }
            open.add(new SatelliteFeed(gw.grpcPort(), "sat", shared, Duration.ofSeconds(30)));
            CacheServer node = new CacheServer(CacheServerConfig.builder("m", dir.resolve("cache"),
                    new IndexShards(List.of(List.of("127.0.0.1:" + s0.grpcPort()), List.of("127.0.0.1:" + s1.grpcPort()))),
                    List.of("127.0.0.1:" + gw.grpcPort())).build(), db.catalog()).start();
            open.add(node);
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
            open.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
            SearchServiceGrpc.SearchServiceFutureStub stub = SearchServiceGrpc.newFutureStub(channel);

            run(stub, queries, Math.min(searches, 20_000), inFlight, new SplittableRandom(1)); // warm-up: misses, JIT
            double missesBefore = node.metrics().searches(Outcome.MISS);
            long cpu0 = OS.getProcessCpuTime();
            long wall0 = System.nanoTime();
            run(stub, queries, searches, inFlight, new SplittableRandom(2));
            long cpu = OS.getProcessCpuTime() - cpu0;
            long wall = System.nanoTime() - wall0;
            System.out.printf("%d cached searches (%d results each, page of 20, %d in flight): %.1f µs CPU per search "
                            + "(whole process), %.0f searches/s wall, misses during run %.0f; load %s%n", searches,
                    perQuery, inFlight, cpu / 1e3 / searches, searches / (wall / 1e9),
                    node.metrics().searches(Outcome.MISS) - missesBefore, loadAverage());
        } finally {
            for (int i = open.size() - 1; i >= 0; i--) {
                open.get(i).close();
            }
        }
    }

    private static void run(SearchServiceGrpc.SearchServiceFutureStub stub, int queries, int n, int inFlight,
            SplittableRandom random) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        for (int i = 0; i < n; i++) {
            slots.acquire();
            SearchRequest r = SearchRequest.newBuilder().setQuery("word" + random.nextInt(queries))
                    .setOffset(20 * random.nextInt(3)).setLimit(20).build();
            ListenableFuture<SearchResponse> f = stub.withDeadlineAfter(10, TimeUnit.SECONDS).search(r);
            f.addListener(slots::release, Runnable::run);
        }
        slots.acquire(inFlight);
    }

    private static IndexServer shard(TestCatalog db, int shard, Path dir, List<AutoCloseable> open)
            throws InterruptedException {
        IndexServer s = new IndexServer(IndexServerConfig.builder(shard, 2, dir.resolve("s" + shard)).build(),
                db.catalog()).start();
        open.add(s);
        s.awaitServing(Duration.ofSeconds(30));
        return s;
    }

    private static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }
}
