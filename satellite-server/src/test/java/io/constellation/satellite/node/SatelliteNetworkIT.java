package io.constellation.satellite.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.testing.TcpProxy;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.constellation.proto.satellite.admin.v1.DrainRequest;
import io.constellation.proto.satellite.admin.v1.SatelliteAdminGrpc;
import io.constellation.proto.satellite.admin.v1.StatusRequest;
import io.constellation.proto.satellite.admin.v1.StatusResponse;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.NoticeKind;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.client.SatelliteClient;
import io.constellation.satellite.client.SatelliteClientException;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.share.ResolverConfig;
import io.constellation.satellite.share.TrackCounts;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * The whole availability path over real sockets and the real catalog (H2 and MariaDB):
 * satellites log in to a {@link SatelliteNode}, which resolves their shares in the catalog
 * and streams its counts to a real {@link GatewayServer}; the gateway's answers must equal
 * the node's own counts exactly, through logouts, a cut feed, and restarts of either side.
 */
class SatelliteNetworkIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration GRACE = Duration.ofMillis(1500);
    private static final byte[] SECRET = "a test cluster secret of 32 bytes+".getBytes();

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @CatalogTest
    void sharesReachTheGatewayExactlyAndLeaveWithTheirSatellites(TestCatalog db) throws Exception {
        users(db, 3);
        GatewayServer gateway = gateway(db, 0);
        SatelliteNode node = node(db, "sat-a", 0, "127.0.0.1:" + gateway.grpcPort());

        SatelliteClient one = client(node, "user0", files(0, 40));
        SatelliteClient two = client(node, "user1", files(20, 60)); // 20 tracks in common with one
        one.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        two.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        assertEquals(60, node.counts().trackCount());
        awaitGatewayEquals(gateway, node.counts());
        assertEquals(20, countOf(node.counts(), 2), "the 20 tracks both share count two satellites");

        one.close();
        await(() -> node.counts().trackCount() == 40, "one's own tracks leave with it");
        awaitGatewayEquals(gateway, node.counts());
    }

    @CatalogTest
    void aWrongPasswordIsRefusedAndCountsNothing(TestCatalog db) throws Exception {
        users(db, 1);
        GatewayServer gateway = gateway(db, 0);
        SatelliteNode node = node(db, "sat-a", 0, "127.0.0.1:" + gateway.grpcPort());
        SatelliteClient bad = SatelliteClient.builder().server(address(node)).user("user0").password("wrong")
                .files(files(0, 10)).reconnect(false).build();
        toClose.add(bad);
        bad.start();
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
                () -> bad.loggedIn().join());
        assertEquals(ErrorCode.LOGIN_FAILED, ((SatelliteClientException) e.getCause()).code());
        assertEquals(0, node.counts().trackCount());
    }

    @CatalogTest
    void aCutFeedIsWithdrawnAfterTheGraceAndRestoredExactly(TestCatalog db) throws Exception {
        users(db, 2);
        GatewayServer gateway = gateway(db, 0);
        TcpProxy proxy = new TcpProxy("127.0.0.1", gateway.grpcPort());
        toClose.add(proxy);
        SatelliteNode node = node(db, "sat-a", 0, "127.0.0.1:" + proxy.port());
        client(node, "user0", files(0, 30)).sharesAcknowledged().get(10, TimeUnit.SECONDS);
        awaitGatewayEquals(gateway, node.counts());
        int someTrack = node.counts().counts().trackIds()[0];

        proxy.cut();
        long cutAt = System.nanoTime();
        await(() -> gateway.availability(someTrack) == 0, "withdrawn after the grace period");
        assertTrue(System.nanoTime() - cutAt >= GRACE.toNanos() / 2, "not withdrawn before the grace period");
        // Look-ups read without a lock: the totals fall a moment before the list of servers
        // reporting is republished, so wait for the second rather than assert it at once.
        await(() -> gateway.serversReporting() == 0, "no server reporting once withdrawn");

        client(node, "user1", files(100, 110)).sharesAcknowledged().get(10, TimeUnit.SECONDS); // changes while cut
        proxy.restore();
        awaitGatewayEquals(gateway, node.counts());
        await(() -> gateway.serversReporting() == 1, "the server reports again");
    }

    @CatalogTest
    void bothSidesRestartAndTheCountsComeBackExactly(TestCatalog db) throws Exception {
        users(db, 2);
        GatewayServer gateway = gateway(db, 0);
        int gatewayPort = gateway.grpcPort();
        SatelliteNode first = node(db, "sat-a", 0, "127.0.0.1:" + gatewayPort);
        int satellitePort = first.port();
        client(first, "user0", files(0, 25)).sharesAcknowledged().get(10, TimeUnit.SECONDS);
        client(first, "user1", files(10, 35)).sharesAcknowledged().get(10, TimeUnit.SECONDS);
        awaitGatewayEquals(gateway, first.counts());

        // Gateway restart: a fresh gateway on the same port gets a fresh snapshot.
        gateway.close();
        GatewayServer again = gateway(db, gatewayPort);
        awaitGatewayEquals(again, first.counts());

        // Satellite server restart: its clients reconnect and share again; no double counting.
        int track = first.counts().counts().trackIds()[0];
        first.close();
        await(() -> again.availability(track) == 0, "a stopped server's counts fall to zero");
        SatelliteNode second = node(db, "sat-a", satellitePort, "127.0.0.1:" + gatewayPort);
        await(() -> second.server().sessions() == 2, "both satellites come back");
        await(() -> second.counts().trackCount() == 35, "with all their tracks");
        awaitGatewayEquals(again, second.counts());
        assertEquals(15, countOf(second.counts(), 2), "15 tracks shared by both, counted twice, not four times");
    }

    @CatalogTest
    void drainTellsSatellitesToReconnectAndTheGatewaySeesZero(TestCatalog db) throws Exception {
        users(db, 2);
        GatewayServer gateway = gateway(db, 0);
        SatelliteNode node = node(db, "sat-a", 0, "127.0.0.1:" + gateway.grpcPort());
        SatelliteClient a = client(node, "user0", files(0, 10));
        a.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        client(node, "user1", files(5, 15)).sharesAcknowledged().get(10, TimeUnit.SECONDS);
        int track = node.counts().counts().trackIds()[0];
        await(() -> gateway.availability(track) > 0, "counted before the drain");

        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.adminPort()).usePlaintext().build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        SatelliteAdminGrpc.SatelliteAdminBlockingStub admin = SatelliteAdminGrpc.newBlockingStub(channel);
        assertEquals(2, admin.drain(DrainRequest.newBuilder().setSpreadMs(500).build()).getSatellitesNotified());

        assertEquals(NoticeKind.RECONNECT, a.lastNotice().getKind());
        assertTrue(a.lastNotice().getReconnectAfterMs() <= 500);
        StatusResponse status = admin.status(StatusRequest.getDefaultInstance());
        assertTrue(status.getDraining());
        assertEquals(0, status.getSessions());
        await(() -> gateway.availability(track) == 0, "a drained server's counts fall to zero at the gateway");
    }

    // ---------------------------------------------------------------- fixtures

    private static void users(TestCatalog db, int n) {
        UserStore users = new UserStore(db.catalog());
        String hash = new PasswordHasher(1).hash("pw");
        for (int i = 0; i < n; i++) {
            users.create("user" + i, hash, 4, 4);
        }
    }

    private GatewayServer gateway(TestCatalog db, int port) {
        GatewayServer gateway = new GatewayServer(GatewayConfig.builder().grpcPort(port).metricsPort(0)
                .gracePeriod(GRACE).startupWait(Duration.ZERO).historicalJobScheduled(false).build(),
                db.catalog()).start();
        toClose.add(gateway);
        return gateway;
    }

    private SatelliteNode node(TestCatalog db, String id, int port, String gatewayAddress) {
        SatelliteServerConfig server = SatelliteServerConfig.builder().serverId(id).port(port).ioThreads(1)
                .connectionsPerSecondPerAddress(0).drainSpread(Duration.ofMillis(300))
                .drainGrace(Duration.ofSeconds(1)).build();
        SatelliteNode node = new SatelliteNode(SatelliteNodeConfig.of(server, LoginConfig.builder(SECRET).build(),
                ResolverConfig.defaults()).withGateways(List.of(gatewayAddress)), db.catalog()).start();
        toClose.add(node);
        return node;
    }

    private SatelliteClient client(SatelliteNode node, String user, List<SharedFile> files) {
        SatelliteClient client = SatelliteClient.builder().server(address(node)).user(user).password("pw")
                .files(files).backoff(new io.constellation.common.retry.Backoff(Duration.ofMillis(50),
                        Duration.ofMillis(500)))
                .build();
        toClose.add(client);
        client.start();
        return client;
    }

    private static InetSocketAddress address(SatelliteNode node) {
        return new InetSocketAddress("127.0.0.1", node.port());
    }

    /** Files of songs {@code from..to-1}: one catalog track each. */
    private static List<SharedFile> files(int from, int to) {
        List<SharedFile> files = new ArrayList<>();
        for (int i = from; i < to; i++) {
            files.add(SharedFile.newBuilder().setPath("/music/song" + i + ".mp3").setSizeBytes(4_000_000)
                    .setArtist("Artist " + (i % 7)).setTitle("Song " + i).setAlbum("Album " + (i % 3)).build());
        }
        return files;
    }

    private static int countOf(TrackCounts counts, int count) {
        int n = 0;
        for (int c : counts.counts().counts()) {
            n += c == count ? 1 : 0;
        }
        return n;
    }

    /** Waits until the gateway's count of every track the node counts is exactly the node's. */
    private static void awaitGatewayEquals(GatewayServer gateway, TrackCounts counts) throws InterruptedException {
        await(() -> {
            TrackCounts.Snapshot truth = counts.counts();
            for (int i = 0; i < truth.size(); i++) {
                if (gateway.availability(truth.trackIds()[i]) != truth.counts()[i]) {
                    return false;
                }
            }
            return true;
        }, "the gateway's counts equal the satellite server's");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
