package io.constellation.satellite.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.retry.Backoff;
import io.constellation.common.testing.TcpProxy;
import io.constellation.satellite.feed.internal.FeedMetrics;
import io.constellation.satellite.share.TrackCounts;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The availability feed against real gRPC gateways, in-process and over loopback sockets. */
class AvailabilityPublisherIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Map<String, String> inProcessNames = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final TrackCounts counts = new TrackCounts();
    private final SplittableRandom random = new SplittableRandom(7);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void snapshotThenNumberedDeltasReachTheGatewayWithExactSums() throws Exception {
        List<int[]> sessions = share(200, 40, 1000);
        TestGateway gateway = new TestGateway();
        publisher(config(List.of(inProcess(gateway, "g0"))).build(), this::inProcessChannel);
        awaitExact(gateway);
        assertEquals(1, gateway.snapshotsApplied.get());
        for (int round = 0; round < 5; round++) {
            sessions.addAll(share(20, 40, 1000));
            for (int i = 0; i < 15; i++) {
                int[] s = sessions.remove(random.nextInt(sessions.size()));
                counts.remove(s, s.length);
            }
            awaitExact(gateway);
        }
        assertEquals(1, gateway.snapshotsApplied.get(), "one stream, one snapshot");
        assertTrue(gateway.deltasApplied.get() >= 5, "changes travel as deltas: " + gateway.deltasApplied.get());
        assertEquals(List.of(), gateway.violations);
        assertEquals(List.of(4242L), gateway.incarnations());
    }

    @Test
    void nothingChangedMeansNoDeltas() throws Exception {
        share(10, 5, 100);
        TestGateway gateway = new TestGateway();
        publisher(config(List.of(inProcess(gateway, "g0"))).build(), this::inProcessChannel);
        awaitExact(gateway);
        int before = gateway.deltasApplied.get();
        Thread.sleep(300); // several 50 ms intervals with no change: what must NOT happen needs a wait
        assertEquals(before, gateway.deltasApplied.get());
    }

    @Test
    void largeSnapshotIsSentInBoundedChunks() throws Exception {
        int[] many = new int[120_001];
        for (int i = 0; i < many.length; i++) {
            many[i] = i + 1;
        }
        counts.add(many, many.length);
        TestGateway gateway = new TestGateway();
        publisher(config(List.of(inProcess(gateway, "g0"))).snapshotChunkTracks(50_000).build(), this::inProcessChannel);
        awaitExact(gateway);
        assertEquals(3, gateway.snapshotChunks.get());
    }

    @Test
    void gatewayRestartedOnItsPortGetsAFreshSnapshotAndExactCounts() throws Exception {
        share(100, 30, 500);
        TestGateway first = new TestGateway();
        Server server = socketServer(first, 0);
        int port = server.getPort();
        AvailabilityPublisher p = publisher(config(List.of("127.0.0.1:" + port)).build(), null);
        awaitExact(first);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        share(50, 30, 500); // changes while the gateway is gone
        awaitUntil(() -> !p.status().get(0).connected(), "the publisher noticed the gateway is gone");
        TestGateway second = new TestGateway();
        socketServer(second, port);
        awaitExact(second);
        assertEquals(1, second.snapshotsApplied.get(), "the new gateway got a fresh snapshot");
        assertEquals(List.of(), second.violations);
        assertTrue(p.status().get(0).reconnects() >= 1);
        assertEquals(2, p.status().get(0).snapshotsSent());
    }

    @Test
    void cutNetworkPathIsReopenedWithAFreshSnapshotThatReplacesTheOldContribution() throws Exception {
        share(100, 30, 500);
        TestGateway gateway = new TestGateway();
        Server server = socketServer(gateway, 0);
        TcpProxy proxy = new TcpProxy("127.0.0.1", server.getPort());
        toClose.add(proxy);
        AvailabilityPublisher p = publisher(config(List.of("127.0.0.1:" + proxy.port())).build(), null);
        awaitExact(gateway);
        proxy.cut();
        List<int[]> more = share(40, 30, 500);
        counts.remove(more.get(0), more.get(0).length);
        awaitUntil(() -> !p.status().get(0).connected(), "the publisher noticed the cut");
        proxy.restore();
        awaitUntil(() -> gateway.snapshotsApplied.get() == 2, "a second snapshot after the cut");
        awaitExact(gateway);
        assertEquals(List.of(), gateway.violations);
    }

    @Test
    void slowGatewayGetsCoalescedChangesWhileTheOtherGatewayKeepsUp() throws Exception {
        share(50, 20, 300);
        TestGateway slow = new TestGateway();
        slow.manualFlowControl();
        TestGateway fast = new TestGateway();
        publisher(config(List.of(inProcess(slow, "slow"), inProcess(fast, "fast"))).build(), this::inProcessChannel);
        awaitExact(fast);
        // The slow gateway read the Hello only; everything else waits on our side.
        for (int round = 0; round < 20; round++) {
            List<int[]> added = share(10, 20, 300);
            counts.remove(added.get(0), added.get(0).length);
            awaitExact(fast);
        }
        double pending = registry.get(FeedMetrics.PENDING_CHANGES).tag(FeedMetrics.TAG_GATEWAY, "0").gauge().value();
        assertTrue(pending <= 300, "coalesced per track, bounded by the 300 tracks in play: " + pending);
        assertEquals(0, slow.snapshotsApplied.get());
        slow.request(1_000);
        awaitExact(slow);
        assertTrue(slow.deltasApplied.get() <= 3, "20 rounds of changes arrive as a few coalesced deltas: "
                + slow.deltasApplied.get());
        assertTrue(fast.deltasApplied.get() >= 10, "the fast gateway got its deltas meanwhile: " + fast.deltasApplied.get());
        assertEquals(List.of(), slow.violations);
    }

    @Test
    void unreachableGatewayDoesNotDelayTheOthers() throws Exception {
        share(30, 10, 100);
        TestGateway up = new TestGateway();
        // Port 1 on loopback: nothing listens.
        AvailabilityPublisher p = publisher(config(List.of("127.0.0.1:1", "127.0.0.1:" + socketServer(up, 0).getPort()))
                .build(), null);
        awaitExact(up);
        share(5, 10, 100);
        awaitExact(up);
        assertTrue(!p.status().get(0).connected() && p.status().get(1).connected());
        awaitUntil(() -> p.status().get(0).reconnects() >= 2, "the dead gateway is retried");
    }

    @Test
    void gatewayThatStopsAcknowledgingIsDroppedAndTheStreamReopened() throws Exception {
        share(20, 10, 100);
        TestGateway gateway = new TestGateway();
        AvailabilityPublisher p = publisher(config(List.of(inProcess(gateway, "g0"))).stallTimeout(Duration.ofMillis(500))
                .build(), this::inProcessChannel);
        awaitExact(gateway);
        gateway.acknowledge(false);
        share(5, 10, 100);
        awaitUntil(() -> gateway.streamsOpened.get() >= 2, "a stalled stream is reopened");
        gateway.acknowledge(true);
        share(5, 10, 100);
        awaitExact(gateway);
        awaitUntil(() -> p.status().get(0).connected(), "connected again");
        assertEquals(List.of(), gateway.violations);
    }

    @Test
    void metricsCountSnapshotsDeltasAndReconnectsPerGatewayIndex() throws Exception {
        share(20, 10, 100);
        TestGateway gateway = new TestGateway();
        // A long stall timeout: on a loaded machine the default one may reopen the stream,
        // which sends a second snapshot and counts a reconnect; that is tested above.
        publisher(config(List.of(inProcess(gateway, "g0"))).stallTimeout(Duration.ofMinutes(1)).build(),
                this::inProcessChannel);
        awaitExact(gateway);
        share(5, 10, 100);
        awaitExact(gateway);
        awaitUntil(() -> registry.get(FeedMetrics.CONNECTED).tag(FeedMetrics.TAG_GATEWAY, "0").gauge().value() == 1,
                "connected gauge");
        assertEquals(1, registry.get(FeedMetrics.SNAPSHOTS_SENT).tag(FeedMetrics.TAG_GATEWAY, "0").counter().count());
        assertTrue(registry.get(FeedMetrics.DELTAS_SENT).tag(FeedMetrics.TAG_GATEWAY, "0").counter().count() >= 1);
        assertEquals(0, registry.get(FeedMetrics.RECONNECTS).tag(FeedMetrics.TAG_GATEWAY, "0").counter().count());
        assertEquals(FeedMetrics.STATE_STREAMING,
                registry.get(FeedMetrics.STATE).tag(FeedMetrics.TAG_GATEWAY, "0").gauge().value());
    }

    // ---- helpers

    /** Adds {@code n} sessions of {@code size} distinct tracks out of {@code tracks}; returns them. */
    private List<int[]> share(int n, int size, int tracks) {
        List<int[]> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int[] ids = random.ints(1, tracks + 1).distinct().limit(size).toArray();
            counts.add(ids, ids.length);
            out.add(ids);
        }
        return out;
    }

    private FeedConfig.Builder config(List<String> gateways) {
        return FeedConfig.builder("sat-test", "127.0.0.1:7000", gateways)
                .incarnation(4242)
                .deltaInterval(Duration.ofMillis(50))
                .reconnectBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400)));
    }

    private AvailabilityPublisher publisher(FeedConfig config, Function<String, ManagedChannel> channels) {
        AvailabilityPublisher p = channels == null
                ? new AvailabilityPublisher(config, counts, registry)
                : new AvailabilityPublisher(config, counts, registry, channels);
        toClose.add(p);
        return p.start();
    }

    /** Serves {@code gateway} in-process; returns a "host:port" alias the channel factory maps to it. */
    private String inProcess(TestGateway gateway, String name) throws IOException {
        String unique = name + "-" + System.nanoTime();
        Server s = InProcessServerBuilder.forName(unique).addService(gateway).build().start();
        toClose.add(() -> s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        String alias = "inprocess-" + inProcessNames.size() + ":1";
        inProcessNames.put(alias, unique);
        return alias;
    }

    private ManagedChannel inProcessChannel(String target) {
        return InProcessChannelBuilder.forName(inProcessNames.get(target)).build();
    }

    private Server socketServer(TestGateway gateway, int port) throws IOException {
        Server s = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port)).addService(gateway).build().start();
        toClose.add(() -> s.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return s;
    }

    /** Waits until the gateway's sum equals the counts exactly. */
    private void awaitExact(TestGateway gateway) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Int2IntOpenHashMap truth = truth();
        while (System.nanoTime() < deadline) {
            if (gateway.sum().equals(truth)) {
                return;
            }
            Thread.sleep(10);
            truth = truth();
        }
        assertEquals(truth, gateway.sum(), "gateway sum vs counts; violations " + gateway.violations);
    }

    private Int2IntOpenHashMap truth() {
        TrackCounts.Snapshot s = counts.counts();
        Int2IntOpenHashMap m = new Int2IntOpenHashMap();
        for (int i = 0; i < s.size(); i++) {
            m.put(s.trackIds()[i], s.counts()[i]);
        }
        return m;
    }

    private static void awaitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
