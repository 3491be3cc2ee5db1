package io.constellation.cache;

import static io.constellation.cache.testing.SearchCluster.await;
import static io.constellation.cache.testing.SearchCluster.ids;
import static io.constellation.cache.testing.SearchCluster.member;
import static io.constellation.cache.testing.SearchCluster.page;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.constellation.cache.client.SearchClient;
import io.constellation.cache.client.SearchClientConfig;
import io.constellation.cache.testing.LoveSongs;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.retry.Backoff;
import io.constellation.common.testing.TcpProxy;
import io.constellation.gateway.GatewayServer;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.ServedFrom;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.client.SatelliteClient;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.node.SatelliteNode;
import io.constellation.satellite.node.SatelliteNodeConfig;
import io.constellation.satellite.share.ResolverConfig;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole search path in one JVM over real sockets, on H2 and on MariaDB: the
 * {@link LoveSongs} catalog, two index shards and a gateway ({@link SearchCluster}), a
 * real satellite server feeding the gateway (through a {@link TcpProxy}, so the feed can be
 * cut as a crash would), satellites logged in to it with {@link SatelliteClient}, and two
 * cache nodes behind a {@link SearchClient}. What the satellites share now comes first;
 * when they leave, their tracks fall back to their historical places on the next search.
 */
class SearchEndToEndIT {

    private static final byte[] SECRET = "a test cluster secret of 32 bytes+".getBytes();
    private static final int PAGE = 8;

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    @TempDir
    Path dir;

    private long[] ids;

    @CatalogTest
    void sharedTracksComeFirstAndFallBackWhenTheirSatellitesLogOutOrTheirServerIsCut(TestCatalog db)
            throws Exception {
        ids = LoveSongs.load(db);
        cluster.start(db, dir);
        GatewayServer gateway = cluster.gateway();
        TcpProxy feed = cluster.closeAfter(new TcpProxy("127.0.0.1", gateway.grpcPort()));
        SatelliteNode satelliteServer = satelliteServer(db, feed.port());
        // Track 25 is shared by both satellites; 20 and 30 by one only, 33 by the other.
        SatelliteClient one = satellite(db, satelliteServer, "user0", 20, 25, 30);
        SatelliteClient two = satellite(db, satelliteServer, "user1", 25, 33);
        await(() -> gateway.availability((int) ids[25]) == 2 && gateway.availability((int) ids[33]) == 1
                && gateway.availability((int) ids[20]) == 1, "the gateway counts the satellites' tracks");
        CacheServer a = cluster.node("cache-a", dir.resolve("cache-a"));
        CacheServer b = cluster.node("cache-b", dir.resolve("cache-b"));
        SearchClient client = cluster.closeAfter(new SearchClient(SearchClientConfig.builder()
                .deadline(Duration.ofSeconds(20)).attemptTimeout(Duration.ofSeconds(10))
                .node(member(a)).node(member(b)).build()));

        SearchResponse first = client.searchBlocking(LoveSongs.QUERY, 0, PAGE);
        assertEquals(ServedFrom.SERVED_FROM_MISS, first.getServedFrom());
        assertEquals(LoveSongs.TRACKS, first.getTotal());
        assertArrayEquals(tracks(20, 25, 30, 33, 0, 1, 2, 3), ids(first),
                "shared first (same history: by id), then the rest by history");
        assertArrayEquals(new int[] {1, 2, 1, 1, 0}, currentCounts(first, 5));

        one.close();
        await(() -> gateway.availability((int) ids[20]) == 0 && gateway.availability((int) ids[25]) == 1,
                "the logout reaches the gateway");
        SearchResponse afterLogout = client.searchBlocking(LoveSongs.QUERY, 0, LoveSongs.TRACKS);
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, afterLogout.getServedFrom(), "the same cached result set");
        long[] all = ids(afterLogout);
        assertArrayEquals(tracks(25, 33, 0, 1), Arrays.copyOf(all, 4), "still shared: still first");
        assertEquals(ids[20], all[2 + 20], "back at its historical place among the unavailable ones");
        assertEquals(ids[30], all[2 + 29]);
        assertOtherNodeAgrees(afterLogout, a, b);

        feed.cut();
        cluster.awaitWithdrawn(ids[25]);
        cluster.awaitWithdrawn(ids[33]);
        SearchResponse afterCut = client.searchBlocking(LoveSongs.QUERY, 0, PAGE);
        assertArrayEquals(tracks(0, 1, 2, 3, 4, 5, 6, 7), ids(afterCut),
                "the satellite server's feed is gone past the gateway's grace: historical order");
        assertFalse(afterCut.getCurrentAvailabilityUnknown(), "the gateway answered: its counts are zero");
        two.close();
    }

    /** The node that did not answer {@code answer} ranks the query the same way (computing it afresh). */
    private void assertOtherNodeAgrees(SearchResponse answer, CacheServer a, CacheServer b) {
        CacheServer other = answer.getNodeId().equals("cache-a") ? b : a;
        SearchResponse r = cluster.client(other).search(page(LoveSongs.QUERY, 0, LoveSongs.TRACKS));
        assertEquals(ServedFrom.SERVED_FROM_MISS, r.getServedFrom());
        assertArrayEquals(ids(answer), ids(r));
    }

    private SatelliteNode satelliteServer(TestCatalog db, int gatewayPort) {
        SatelliteServerConfig server = SatelliteServerConfig.builder().serverId("sat-a").port(0).ioThreads(1)
                .connectionsPerSecondPerAddress(0).drainSpread(Duration.ofMillis(100))
                .drainGrace(Duration.ofMillis(500)).build();
        SatelliteNodeConfig config = SatelliteNodeConfig.of(server, LoginConfig.builder(SECRET).build(),
                ResolverConfig.defaults()).withGateways(List.of(SearchCluster.address(gatewayPort)))
                .withPasswordIterations(1);
        return cluster.closeAfter(new SatelliteNode(config, db.catalog()).start());
    }

    /** A satellite of {@code user} (created here) sharing the files of these love songs, acknowledged. */
    private SatelliteClient satellite(TestCatalog db, SatelliteNode server, String user, int... songs)
            throws Exception {
        new UserStore(db.catalog()).create(user, new PasswordHasher(1).hash("pw"), 4, 4);
        List<SharedFile> files = new ArrayList<>();
        for (int i : songs) {
            Track t = LoveSongs.track(i);
            files.add(SharedFile.newBuilder().setPath("/music/" + user + "/" + i + ".mp3").setSizeBytes(4_000_000)
                    .setArtist(t.artist()).setTitle(t.title()).setAlbum(t.album()).build());
        }
        SatelliteClient client = cluster.closeAfter(SatelliteClient.builder()
                .server(new InetSocketAddress("127.0.0.1", server.port())).user(user).password("pw").files(files)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(500))).build());
        client.start();
        client.sharesAcknowledged().get(SearchCluster.WAIT.toSeconds(), TimeUnit.SECONDS);
        return client;
    }

    private long[] tracks(int... songs) {
        return Arrays.stream(songs).mapToLong(i -> ids[i]).toArray();
    }

    private static int[] currentCounts(SearchResponse r, int n) {
        return r.getResultsList().stream().limit(n).mapToInt(x -> x.getCurrentAvailability()).toArray();
    }
}
