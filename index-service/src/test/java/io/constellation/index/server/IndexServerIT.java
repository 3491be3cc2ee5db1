package io.constellation.index.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogBackend;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.testing.TcpProxy;
import io.constellation.index.Checkpoint;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.constellation.index.internal.IndexMetrics;
import io.constellation.proto.index.v1.IndexServiceGrpc;
import io.constellation.proto.index.v1.QueryRequest;
import io.constellation.proto.index.v1.QueryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Index shards as real servers: real gRPC over loopback sockets, the real catalog on H2
 * and on MariaDB, the real files on disk.
 */
class IndexServerIT {

    private static final Duration LOAD = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @CatalogTest
    void answersAndQueriesOverGrpcOnceLoaded(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(List.of(
                new Track(0, "Beyoncé", "Crazy In Love", "Dangerously In Love"),
                new Track(0, "AC/DC", "Back In Black", "Back In Black"),
                new Track(0, "P!nk", "So What", "Funhouse"),
                new Track(0, "Ke$ha", "TiK ToK", "Animal")));
        IndexServer server = start(db.catalog(), 0, 1, shardDir("a"));
        assertTrue(server.awaitServing(LOAD));
        IndexServiceGrpc.IndexServiceBlockingStub stub = stub(server);

        assertEquals(List.of(1L), ids(stub, 0, "beyonce", "LOVE"));
        assertEquals(List.of(2L), ids(stub, 0, "AC/DC"));
        assertEquals(List.of(3L), ids(stub, 0, "pink"));
        assertEquals(List.of(4L), ids(stub, 0, "Kesha", "tik"));
        assertEquals(List.of(1L, 2L), ids(stub, 0, "in"));
        assertEquals(List.of(), ids(stub, 0, "in", "zzzunknown"));

        QueryResponse cut = stub.query(QueryRequest.newBuilder().addWords("in").setLimit(1).build());
        assertEquals(List.of(1L), cut.getTrackIdsList());
        assertEquals(2, cut.getTotal(), "total counts every match, not just the page");
        assertEquals(ServingStatus.SERVING, health(server));
        assertTrue(metricsText(server).contains(IndexMetrics.TRACKS_INDEXED));
    }

    @CatalogTest
    void invalidQueriesAreRefusedWithInvalidArgument(TestCatalog db) throws Exception {
        IndexServer server = start(db.catalog(), 0, 1, shardDir("a"));
        assertTrue(server.awaitServing(LOAD));
        IndexServiceGrpc.IndexServiceBlockingStub stub = stub(server);
        assertInvalid(stub, QueryRequest.newBuilder().build(), "at least one word");
        QueryRequest.Builder many = QueryRequest.newBuilder();
        for (int i = 0; i < 33; i++) {
            many.addWords("w" + i);
        }
        assertInvalid(stub, many.build(), "at most 32");
        assertInvalid(stub, QueryRequest.newBuilder().addWords("x".repeat(65)).build(), "bytes");
        assertInvalid(stub, QueryRequest.newBuilder().addWords("!!! ...").build(), "no letters or digits");
        assertInvalid(stub, QueryRequest.newBuilder().addWords("love").setLimit(-1).build(), "limit");
        assertTrue(metricsText(server).contains("outcome=\"invalid\""));
    }

    @CatalogTest
    void shardsSplitTracksByIdModuloAndTogetherHoldEverything(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(generated(300, "Love"));
        IndexServer s0 = start(db.catalog(), 0, 2, shardDir("s0"));
        IndexServer s1 = start(db.catalog(), 1, 2, shardDir("s1"));
        assertTrue(s0.awaitServing(LOAD) && s1.awaitServing(LOAD));
        List<Long> even = ids(stub(s0), 0, "love");
        List<Long> odd = ids(stub(s1), 0, "love");
        assertTrue(even.stream().allMatch(id -> id % 2 == 0));
        assertTrue(odd.stream().allMatch(id -> id % 2 == 1));
        assertEquals(300, even.size() + odd.size());
        assertEquals(even.stream().sorted().toList(), even, "ascending");
    }

    @CatalogTest
    void newTracksReindexesAndDeletesAreFollowed(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(generated(50, "Rain"));
        IndexServer server = start(db.catalog(), 0, 1, shardDir("a"));
        assertTrue(server.awaitServing(LOAD));
        IndexServiceGrpc.IndexServiceBlockingStub stub = stub(server);
        assertEquals(50, ids(stub, 0, "rain").size());

        store.insertTracks(List.of(new Track(0, "Prince", "Purple Rain", "Purple Rain")));
        long purple = store.maxTrackId();
        await(() -> ids(stub, 0, "purple").equals(List.of(purple)), "new track indexed");

        store.updateTrack(new Track(purple, "Prince", "When Doves Cry", "Parade"));
        await(() -> ids(stub, 0, "doves").equals(List.of(purple)), "re-indexed under its new words");
        assertEquals(List.of(), ids(stub, 0, "purple"), "no longer found by its old words");

        long first = store.tracksAfter(0, 0, 1, 1).get(0).id();
        store.deleteTrack(first);
        await(() -> !ids(stub, 0, "rain").contains(first), "deleted track no longer matches");
        assertEquals(49, ids(stub, 0, "rain").size());
    }

    @CatalogTest
    void restartResumesFromTheCheckpointWithoutRebuilding(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(generated(200, "Summer"));
        Path shard = shardDir("a");
        IndexServer first = start(db.catalog(), 0, 1, shard);
        assertTrue(first.awaitServing(LOAD));
        store.insertTracks(List.of(new Track(0, "Seals", "Kiss From A Rose", "")));
        long rose = store.maxTrackId();
        await(() -> ids(stub(first), 0, "rose").equals(List.of(rose)), "followed");
        // The merge interval is short: wait until the new track is in a saved checkpoint.
        await(() -> savedThrough(shard) >= rose, "merged and saved");
        first.close();

        IndexServer second = start(db.catalog(), 0, 1, shard);
        assertTrue(second.awaitServing(LOAD));
        assertEquals(0.0, second.registry().get(IndexMetrics.REBUILDS).counter().count(), "no rebuild");
        assertEquals(List.of(rose), ids(stub(second), 0, "kiss", "rose"));
        assertEquals(200, ids(stub(second), 0, "summer").size());
    }

    @CatalogTest
    void aCorruptIndexFileIsDetectedAndRebuiltNeverServed(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(generated(100, "Night"));
        Path shard = shardDir("a");
        IndexServer first = start(db.catalog(), 0, 1, shard);
        assertTrue(first.awaitServing(LOAD));
        first.close();
        Path segment = segmentFile(shard);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long at = f.length() / 2;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x5A);
        }

        IndexServer second = start(db.catalog(), 0, 1, shard);
        assertTrue(second.awaitServing(LOAD));
        assertEquals(1.0, second.registry().get(IndexMetrics.REBUILDS).counter().count(), "rebuilt");
        assertEquals(100, ids(stub(second), 0, "night").size());
    }

    @CatalogTest
    void catalogDownAtStartKeepsTheShardNotServingUntilItAnswers(TestCatalog db) throws Exception {
        new TrackStore(db.catalog()).insertTracks(generated(20, "Dream"));
        TcpProxy proxy = proxy(db);
        proxy.cut();
        try (Catalog viaProxy = new Catalog(proxied(db, proxy))) {
            IndexServer server = start(viaProxy, 0, 1, shardDir("a"));
            assertFalse(server.awaitServing(Duration.ofSeconds(2)), "no index without the catalog");
            assertEquals(ServingStatus.NOT_SERVING, health(server));
            StatusRuntimeException e = expectError(() -> ids(stub(server), 0, "dream"));
            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
            assertTrue(server.registry().get(IndexMetrics.CATALOG_ERRORS).counter().count() >= 1);

            proxy.restore();
            assertTrue(server.awaitServing(LOAD), "loads once the catalog answers");
            assertEquals(20, ids(stub(server), 0, "dream").size());
            server.close();
        }
    }

    @CatalogTest
    void catalogLostWhileRunningKeepsAnsweringAndCatchesUp(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(generated(20, "Blue"));
        TcpProxy proxy = proxy(db);
        try (Catalog viaProxy = new Catalog(proxied(db, proxy))) {
            IndexServer server = start(viaProxy, 0, 1, shardDir("a"));
            assertTrue(server.awaitServing(LOAD));
            proxy.cut();
            store.insertTracks(List.of(new Track(0, "Eiffel 65", "Blue (Da Ba Dee)", "Europop")));
            long blue = store.maxTrackId();
            Thread.sleep(1000);
            assertEquals(20, ids(stub(server), 0, "blue").size(), "keeps answering from what it has");
            assertEquals(ServingStatus.SERVING, health(server));

            proxy.restore();
            await(() -> ids(stub(server), 0, "blue", "dee").equals(List.of(blue)), "caught up");
            server.close();
        }
    }

    // ---- fixtures ----

    /** A shard with short intervals, so following, merging and retrying happen within a test. */
    private IndexServer start(Catalog catalog, int shard, int shards, Path indexDir) {
        IndexServerConfig config = IndexServerConfig.builder(shard, shards, indexDir)
                .pollInterval(Duration.ofMillis(100))
                .mergeInterval(Duration.ofMillis(300))
                .catalogBackoff(new io.constellation.common.retry.Backoff(Duration.ofMillis(100), Duration.ofMillis(400)))
                .build();
        IndexServer server = new IndexServer(config, catalog).start();
        toClose.add(server);
        return server;
    }

    private Path shardDir(String name) {
        return dir.resolve(name);
    }

    private IndexServiceGrpc.IndexServiceBlockingStub stub(IndexServer server) {
        return IndexServiceGrpc.newBlockingStub(channel(server)).withDeadlineAfter(Duration.ofSeconds(10));
    }

    private ManagedChannel channel(IndexServer server) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext()
                .maxInboundMessageSize(32 << 20).build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
        return channel;
    }

    private ServingStatus health(IndexServer server) {
        return HealthGrpc.newBlockingStub(channel(server))
                .check(HealthCheckRequest.newBuilder().setService("constellation.index.v1.IndexService").build())
                .getStatus();
    }

    private static String metricsText(IndexServer server) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static List<Long> ids(IndexServiceGrpc.IndexServiceBlockingStub stub, int limit, String... words) {
        return stub.query(QueryRequest.newBuilder().addAllWords(List.of(words)).setLimit(limit).build())
                .getTrackIdsList();
    }

    private static void assertInvalid(IndexServiceGrpc.IndexServiceBlockingStub stub, QueryRequest r, String says) {
        StatusRuntimeException e = expectError(() -> stub.query(r));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(says), e.getStatus().getDescription());
    }

    private static StatusRuntimeException expectError(Runnable call) {
        try {
            call.run();
        } catch (StatusRuntimeException e) {
            return e;
        }
        throw new AssertionError("expected the call to fail");
    }

    private static List<Track> generated(int n, String word) {
        List<Track> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Track(0, "Artist " + i, word + " Song " + i, "Album " + (i % 7)));
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LOAD.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting: " + what);
    }

    private static long savedThrough(Path shard) {
        try {
            return Checkpoint.load(shard).map(Checkpoint::lastTrackId).orElse(0L);
        } catch (IOException e) {
            return 0L; // being replaced right now: look again
        }
    }

    private static Path segmentFile(Path shard) throws IOException {
        try (Stream<Path> files = Files.list(shard)) {
            return files.filter(p -> p.getFileName().toString().startsWith("segment"))
                    .findFirst().orElseThrow(() -> new AssertionError("no segment file in " + shard));
        }
    }

    /** A proxy in front of the test's catalog: H2 is served over TCP for it, MariaDB is proxied directly. */
    private TcpProxy proxy(TestCatalog db) throws Exception {
        TcpProxy proxy;
        if (db.backend() == CatalogBackend.H2) {
            Server h2 = Server.createTcpServer("-tcpPort", "0").start();
            toClose.add(h2::stop);
            proxy = new TcpProxy("127.0.0.1", h2.getPort());
        } else {
            URI uri = URI.create(db.config().jdbcUrl().substring("jdbc:".length()));
            proxy = new TcpProxy(uri.getHost(), uri.getPort());
        }
        toClose.add(proxy);
        return proxy;
    }

    private static CatalogConfig proxied(TestCatalog db, TcpProxy proxy) {
        String url = db.config().jdbcUrl();
        String viaProxy;
        if (db.backend() == CatalogBackend.H2) {
            viaProxy = "jdbc:h2:tcp://127.0.0.1:" + proxy.port() + "/" + url.substring("jdbc:h2:".length());
        } else {
            URI uri = URI.create(url.substring("jdbc:".length()));
            viaProxy = url.replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + proxy.port());
        }
        return db.config().toBuilder().jdbcUrl(viaProxy).connectionTimeout(Duration.ofSeconds(1)).build();
    }
}
