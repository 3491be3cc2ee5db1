package io.constellation.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.testing.TcpProxy;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.testing.FeedClient;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.constellation.proto.availability.v1.LocateSourcesRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A gateway as a real server: real gRPC over loopback sockets, test clients acting as
 * satellite servers (some through a TCP proxy that the test cuts), the real catalog (H2;
 * the historical job's own tests also run on MariaDB).
 */
class GatewayServerIT {

    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final TestCatalog db = TestCatalog.h2();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        db.close();
    }

    @Test
    void feedsOverRealSocketsShowInLookupsHealthAndMetrics() throws Exception {
        GatewayServer gw = start(Duration.ZERO);
        assertTrue(gw.awaitServing(WAIT));
        FeedClient sat = new FeedClient(channel(gw.grpcPort()), "sat-1", 1, "10.0.0.1:7001");
        toClose.add(sat);
        sat.snapshot(Map.of(10, 2, 11, 1), 1);
        sat.delta(10, 1, 12, 5);
        AvailabilityServiceGrpc.AvailabilityServiceBlockingStub stub = lookups(gw);
        GetAvailabilityResponse r = stub.getAvailability(ids(12, 10, 11, 13));
        assertEquals(List.of(5, 3, 1, 0), r.getCountsList());
        assertEquals(1, r.getServersReporting());
        assertEquals("10.0.0.1:7001", stub.locateSources(LocateSourcesRequest.newBuilder().setTrackId(12).build())
                .getSources(0).getAddress());

        assertEquals(ServingStatus.SERVING, health(gw));
        assertEquals(200, http(gw, "/healthz").statusCode());
        String metrics = http(gw, "/metrics").body();
        assertTrue(metrics.contains(GatewayMetrics.SERVERS_REPORTING + "{service=\"gateway\"} 1.0"), metrics);
        assertTrue(metrics.contains(GatewayMetrics.TRACKS_AVAILABLE + "_tracks{service=\"gateway\"} 3.0"), metrics);
        assertTrue(metrics.contains(GatewayMetrics.DELTAS_APPLIED + "_total{service=\"gateway\"} 1.0"), metrics);
        assertTrue(metrics.contains(GatewayMetrics.LOOKUP_IDS), metrics);
    }

    @Test
    void aFeedCutAbruptlyIsWithdrawnAfterTheGracePeriodAndRestoredExactlyWhenItReconnects() throws Exception {
        GatewayServer gw = start(Duration.ZERO);
        assertTrue(gw.awaitServing(WAIT));
        TcpProxy proxy = new TcpProxy("127.0.0.1", gw.grpcPort());
        toClose.add(proxy);
        ManagedChannel viaProxy = channel(proxy.port());
        FeedClient sat1 = new FeedClient(viaProxy, "sat-1", 1, "sat-1:7001");
        FeedClient sat2 = new FeedClient(channel(gw.grpcPort()), "sat-2", 1, "sat-2:7001");
        toClose.add(sat1);
        toClose.add(sat2);
        sat1.snapshot(Map.of(10, 2, 11, 4), 100);
        sat2.snapshot(Map.of(10, 3), 100);
        AvailabilityServiceGrpc.AvailabilityServiceBlockingStub stub = lookups(gw);
        assertEquals(List.of(5, 4), stub.getAvailability(ids(10, 11)).getCountsList());

        long cutAt = System.nanoTime();
        proxy.cut();
        assertEquals(Status.Code.UNAVAILABLE, sat1.awaitError(WAIT).getCode(), "the satellite server sees the break");
        await(() -> gw.serversReporting() == 1, "sat-1 withdrawn");
        assertTrue(System.nanoTime() - cutAt >= GRACE.toNanos(), "not before the grace period");
        assertEquals(List.of(3, 0), stub.getAvailability(ids(10, 11)).getCountsList());
        assertEquals(1.0, gw.registry().get(GatewayMetrics.WITHDRAWALS).counter().count());

        proxy.restore();
        FeedClient back = reconnect(proxy, "sat-1", 2);
        back.snapshot(Map.of(10, 1, 12, 7), 1);
        assertEquals(List.of(4, 0, 7), stub.getAvailability(ids(10, 11, 12)).getCountsList());
        assertEquals(2, gw.serversReporting());
    }

    @Test
    void aServerBackWithinTheGracePeriodIsNeverCountedTwice() throws Exception {
        GatewayServer gw = start(Duration.ZERO, Duration.ofSeconds(30));
        assertTrue(gw.awaitServing(WAIT));
        TcpProxy proxy = new TcpProxy("127.0.0.1", gw.grpcPort());
        toClose.add(proxy);
        ManagedChannel viaProxy = channel(proxy.port());
        FeedClient sat = new FeedClient(viaProxy, "sat-1", 1, "sat-1:7001");
        toClose.add(sat);
        sat.snapshot(Map.of(10, 2), 100);
        proxy.cut();
        sat.awaitError(WAIT);
        assertEquals(2, gw.availability(10), "kept during the grace period");
        proxy.restore();
        FeedClient back = reconnect(proxy, "sat-1", 1);
        back.snapshot(Map.of(10, 2), 100);
        assertEquals(List.of(2), lookups(gw).getAvailability(ids(10)).getCountsList());
        assertEquals(1, gw.serversReporting());
    }

    @Test
    void duringTheStartupWaitHealthIsNotServingAndLookupsAreUnavailable() throws Exception {
        GatewayServer gw = start(Duration.ofSeconds(2));
        assertFalse(gw.isServing());
        assertEquals(ServingStatus.NOT_SERVING, health(gw));
        assertEquals(503, http(gw, "/healthz").statusCode());
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> lookups(gw).getAvailability(ids(1)));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        FeedClient sat = new FeedClient(channel(gw.grpcPort()), "sat-1", 1, "sat-1:7001");
        toClose.add(sat);
        sat.snapshot(Map.of(1, 1), 100);
        assertTrue(gw.awaitServing(WAIT));
        assertEquals(ServingStatus.SERVING, health(gw));
        assertEquals(List.of(1), lookups(gw).getAvailability(ids(1)).getCountsList());
    }

    @Test
    void theHistoricalJobRunsOnDemandWithTheCurrentCounts() throws Exception {
        new TrackStore(db.catalog()).insertTracks(List.of(new Track(0, "A", "One", ""), new Track(0, "B", "Two", "")));
        GatewayServer gw = start(Duration.ZERO);
        assertTrue(gw.awaitServing(WAIT));
        FeedClient sat = new FeedClient(channel(gw.grpcPort()), "sat-1", 1, "sat-1:7001");
        toClose.add(sat);
        sat.snapshot(Map.of(2, 3), 100);
        HistoricalRun run = gw.runHistoricalJob().get(30, TimeUnit.SECONDS);
        assertEquals(HistoricalRun.Outcome.COMPLETED, run.outcome());
        assertEquals(HistoricalRun.Outcome.ALREADY_DONE, gw.runHistoricalJob().get(30, TimeUnit.SECONDS).outcome());
        assertEquals(0.0, history(1));
        assertEquals(3.0, history(2));
    }

    @Test
    void closingTheGatewayEndsFeedStreamsWithUnavailableAtOnce() throws Exception {
        GatewayServer gw = start(Duration.ZERO);
        FeedClient sat = new FeedClient(channel(gw.grpcPort()), "sat-1", 1, "sat-1:7001");
        toClose.add(sat);
        sat.snapshot(Map.of(1, 1), 100);
        long start = System.nanoTime();
        gw.close();
        assertEquals(Status.Code.UNAVAILABLE, sat.awaitError(WAIT).getCode());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(4).toNanos(), "no wait for the streams to end by themselves");
    }

    // ---- fixtures ----

    private GatewayServer start(Duration startupWait) {
        return start(startupWait, GRACE);
    }

    private GatewayServer start(Duration startupWait, Duration grace) {
        GatewayConfig config = GatewayConfig.builder()
                .gracePeriod(grace)
                .startupWait(startupWait)
                .historicalJobScheduled(false)
                .instanceName("gw-test")
                .build();
        GatewayServer gw = new GatewayServer(config, db.catalog()).start();
        toClose.add(gw);
        return gw;
    }

    /** A satellite server's new connection through the restored proxy, as its feed client would open after a break. */
    private FeedClient reconnect(TcpProxy proxy, String serverId, long incarnation) {
        FeedClient c = new FeedClient(channel(proxy.port()), serverId, incarnation, serverId + ":7001");
        toClose.add(c);
        return c;
    }

    private ManagedChannel channel(int port) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    private AvailabilityServiceGrpc.AvailabilityServiceBlockingStub lookups(GatewayServer gw) {
        return AvailabilityServiceGrpc.newBlockingStub(channel(gw.grpcPort())).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private ServingStatus health(GatewayServer gw) {
        return HealthGrpc.newBlockingStub(channel(gw.grpcPort()))
                .check(HealthCheckRequest.newBuilder()
                        .setService("constellation.availability.v1.AvailabilityService").build())
                .getStatus();
    }

    private static HttpResponse<String> http(GatewayServer gw, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + gw.metricsPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private double history(long trackId) throws Exception {
        try (Connection c = db.catalog().connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT historical_availability FROM track_stats WHERE track_id = ?")) {
            ps.setLong(1, trackId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "a row for track " + trackId);
                return rs.getDouble(1);
            }
        }
    }

    private static GetAvailabilityRequest ids(long... ids) {
        GetAvailabilityRequest.Builder b = GetAvailabilityRequest.newBuilder();
        for (long id : ids) {
            b.addTrackIds(id);
        }
        return b.build();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
