package io.constellation.cache;

import static io.constellation.cache.testing.SearchCluster.ids;
import static io.constellation.cache.testing.SearchCluster.page;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.internal.CacheMetrics.Outcome;
import io.constellation.cache.search.testing.SatelliteFeed;
import io.constellation.cache.store.ReadOutcome.Corruption;
import io.constellation.cache.testing.LoveSongs;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.search.QueryKey;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.proto.search.v1.PrefetchRequest;
import io.constellation.proto.search.v1.PrefetchResponse;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.constellation.proto.search.v1.ServedFrom;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cache node over real sockets in front of real services in one JVM: the catalog (H2,
 * and MariaDB for the end-to-end test), two index shards, a gateway fed as a satellite
 * server feeds it. Searches go through the node's gRPC port like a web front end's.
 */
class CacheServerIT {

    private static final Duration WAIT = SearchCluster.WAIT;
    private static final int TRACKS = LoveSongs.TRACKS;
    private static final String QUERY = LoveSongs.QUERY;

    @TempDir
    Path dir;

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    private long[] ids;
    private IndexServer shard0;
    private IndexServer shard1;
    private GatewayServer gateway;

    @CatalogTest
    void missThenMemoryThenDiskAfterRestartWithSharedTracksFirstUntilTheirSatelliteLeaves(TestCatalog db)
            throws Exception {
        startCluster(db);
        // One satellite server's satellites share two tracks no one shared before (the 31st
        // and the 21st), another's the 26th.
        SatelliteFeed satellite = new SatelliteFeed(gateway.grpcPort(), "sat-1", Map.of(ids[30], 1, ids[20], 1), WAIT);
        cluster.closeAfter(satellite);
        cluster.closeAfter(new SatelliteFeed(gateway.grpcPort(), "sat-2", Map.of(ids[25], 2), WAIT));
        Path cacheDir = dir.resolve("cache-a");
        CacheServer node = cluster.node("cache-a", cacheDir);
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);

        SearchResponse first = client.search(page(QUERY, 0, 5));
        assertEquals(ServedFrom.SERVED_FROM_MISS, first.getServedFrom());
        assertEquals("cache-a", first.getNodeId());
        assertEquals(TRACKS, first.getTotal());
        assertArrayEquals(new long[] {ids[20], ids[25], ids[30], ids[0], ids[1]}, ids(first),
                "shared now first (by id among them: same history), then by history");
        assertEquals(1, first.getResults(0).getCurrentAvailability());
        assertEquals(2, first.getResults(1).getCurrentAvailability());
        assertEquals(0, first.getResults(3).getCurrentAvailability());
        assertEquals("Love Song 0", first.getResults(3).getTitle());
        assertEquals(10.0, first.getResults(3).getHistoricalAvailability());
        assertFalse(first.getCurrentAvailabilityUnknown());

        SearchResponse second = client.search(page("SONG, love love", 0, 5));
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, second.getServedFrom(), "same words in another order: one entry");
        assertArrayEquals(ids(first), ids(second));

        satellite.close();
        cluster.awaitWithdrawn(ids[20]);
        SearchResponse after = client.search(page(QUERY, 0, TRACKS));
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, after.getServedFrom());
        long[] all = ids(after);
        assertEquals(ids[25], all[0], "still shared: still first");
        assertEquals(ids[0], all[1]);
        assertEquals(ids[20], all[21], "its satellites gone, back to its historical place, below the shared track");
        assertEquals(ids[30], all[30]);
        assertEquals(1, node.metrics().searches(Outcome.MISS));
        assertEquals(2, node.metrics().searches(Outcome.MEMORY_HIT));
        assertTrue(Files.isRegularFile(node.resultFile(QueryKey.of(QUERY))), "stored on disk");
        assertTrue(scrape(node).contains("constellation_cache_searches_total"), "published on /metrics");

        node.close();
        CacheServer restarted = cluster.node("cache-a", cacheDir);
        SearchServiceGrpc.SearchServiceBlockingStub again = cluster.client(restarted);
        SearchResponse fromDisk = again.search(page(QUERY, 35, 10));
        assertEquals(ServedFrom.SERVED_FROM_DISK, fromDisk.getServedFrom());
        assertEquals(5, fromDisk.getResultsCount(), "the last page holds what is left");
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, again.search(page(QUERY, 0, 5)).getServedFrom());
        assertEquals(0, again.search(page(QUERY, TRACKS, 10)).getResultsCount(), "past the end: empty page");
    }

    @Test
    void corruptResultFileIsRecomputedAndCounted() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        Path cacheDir = dir.resolve("cache-b");
        CacheServer node = cluster.node("cache-b", cacheDir);
        cluster.client(node).search(page(QUERY, 0, 5));
        Path file = node.resultFile(QueryKey.of(QUERY));
        node.close();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(file, bytes);

        CacheServer restarted = cluster.node("cache-b", cacheDir);
        SearchResponse r = cluster.client(restarted).search(page(QUERY, 0, 5));
        assertEquals(ServedFrom.SERVED_FROM_MISS, r.getServedFrom(), "a damaged file is never served");
        assertEquals(TRACKS, r.getTotal());
        assertEquals(1, restarted.metrics().corruptFiles(Corruption.CHECKSUM));
        restarted.close();
        CacheServer third = cluster.node("cache-b", cacheDir);
        assertEquals(ServedFrom.SERVED_FROM_DISK, cluster.client(third).search(page(QUERY, 0, 5)).getServedFrom(),
                "the recomputed file replaced the damaged one");
    }

    @Test
    void queriesAndPagesBreakingTheRulesGetInvalidArgumentNamingTheRule() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        CacheServer node = cluster.node("cache-c", dir.resolve("cache-c"));
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);
        assertInvalid(client, page("?! ...", 0, 10), "no letters or digits");
        assertInvalid(client, page("w ".repeat(600), 0, 10), "1024 bytes");
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 33; i++) {
            many.append("word").append((char) ('a' + i % 26)).append((char) ('a' + i / 26)).append(' ');
        }
        assertInvalid(client, page(many.toString(), 0, 10), "33 distinct words");
        assertInvalid(client, page(QUERY, 0, 0), "limit must be 1 to 200, got 0");
        assertInvalid(client, page(QUERY, 0, 201), "got 201");
        assertInvalid(client, page(QUERY, -1, 10), "offset must be 0 or more, got -1");
        StatusRuntimeException prefetch = assertThrows(StatusRuntimeException.class,
                () -> client.prefetch(PrefetchRequest.newBuilder().setQuery("").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, prefetch.getStatus().getCode());
        assertEquals(6, node.metrics().searches(Outcome.INVALID), "six searches counted as invalid");
    }

    @Test
    void aStoppedIndexShardMakesMissesUnavailableNamingItWhileCachedQueriesStillAnswer() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        CacheServer node = cluster.node("cache-d", dir.resolve("cache-d"));
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);
        client.search(page(QUERY, 0, 5));
        shard1.close();

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.search(page("rain", 0, 5)));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("index shard 1 of 2"), e.getStatus().getDescription());
        assertEquals(1, node.metrics().searches(Outcome.ERROR));
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, client.search(page(QUERY, 0, 5)).getServedFrom());
    }

    @Test
    void withEveryGatewayDownThePageComesInHistoricalOrderMarkedUnknownAndCounted() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        cluster.closeAfter(new SatelliteFeed(gateway.grpcPort(), "sat-1", Map.of(ids[30], 1), WAIT));
        CacheServer node = cluster.node("cache-e", dir.resolve("cache-e"));
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);
        assertEquals(ids[30], client.search(page(QUERY, 0, 5)).getResults(0).getTrackId());
        gateway.close();

        SearchResponse r = client.search(page(QUERY, 0, 5));
        assertTrue(r.getCurrentAvailabilityUnknown());
        assertArrayEquals(new long[] {ids[0], ids[1], ids[2], ids[3], ids[4]}, ids(r));
        assertEquals(0, r.getResults(0).getCurrentAvailability());
        assertEquals(1, node.metrics().gatewayFallbacks());
    }

    @Test
    void prefetchWarmsTheQuerySoTheSearchIsAMemoryHit() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        CacheServer node = cluster.node("cache-f", dir.resolve("cache-f"));
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);
        PrefetchResponse p = client.prefetch(PrefetchRequest.newBuilder().setQuery("Song LOVE").build());
        assertEquals(ServedFrom.SERVED_FROM_MISS, p.getServedFrom());
        assertEquals(TRACKS, p.getTotal());
        assertEquals("cache-f", p.getNodeId());
        assertEquals(ServedFrom.SERVED_FROM_MEMORY,
                client.prefetch(PrefetchRequest.newBuilder().setQuery(QUERY).build()).getServedFrom());
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, client.search(page(QUERY, 0, 5)).getServedFrom());
    }

    @Test
    void aResultSetFromAnOlderIndexIsRecomputedOnceTheNodeHasSeenTheNewerIndex() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        CacheServer node = cluster.node("cache-g", dir.resolve("cache-g"), b -> b.maxAgeOnNewerIndex(Duration.ZERO));
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);
        assertEquals(TRACKS, client.search(page(QUERY, 0, 5)).getTotal());
        long before = shard0.snapshot().generation() + shard1.snapshot().generation();
        new TrackStore(db.catalog()).insertTracks(List.of(new Track(0, "Newcomer", "Love Song Fresh", "")));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (shard0.snapshot().generation() + shard1.snapshot().generation() == before
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        assertEquals(ServedFrom.SERVED_FROM_MISS, client.search(page("rain", 0, 5)).getServedFrom(),
                "a miss shows the node the index's new generation");
        SearchResponse r = client.search(page(QUERY, 0, 5));
        assertEquals(ServedFrom.SERVED_FROM_MISS, r.getServedFrom(), "computed from the older index: recomputed");
        assertEquals(TRACKS + 1, r.getTotal());
    }

    @Test
    void aQueryMatchingMoreThanAResultSetHoldsKeepsTheHistoricallyBestAndReportsTheTotalCapped() throws Exception {
        TestCatalog db = cluster.h2();
        startCluster(db);
        // ids[3] is kept (history 7) and available: first. ids[30] is available but has no
        // history, so it is past the cap of 6: the price of a bounded miss.
        cluster.closeAfter(new SatelliteFeed(gateway.grpcPort(), "sat-1", Map.of(ids[3], 1, ids[30], 1), WAIT));
        // Gateway limits generous: on a loaded machine a fallback to historical order would
        // hide what this test is about.
        CacheServer node = cluster.node("cache-h", dir.resolve("cache-h"), b -> b.maxResults(6)
                .gatewayBudget(Duration.ofSeconds(20)).gatewayAttemptTimeout(Duration.ofSeconds(10)));
        SearchServiceGrpc.SearchServiceBlockingStub client = cluster.client(node);

        SearchResponse first = client.search(page(QUERY, 0, 4));
        assertFalse(first.getCurrentAvailabilityUnknown());
        assertTrue(first.getTotalCapped());
        assertEquals(6, first.getTotal());
        assertArrayEquals(new long[] {ids[3], ids[0], ids[1], ids[2]}, ids(first));
        assertEquals("Love Song 3", first.getResults(0).getTitle());
        SearchResponse deep = client.search(page(QUERY, 4, 10));
        assertTrue(deep.getTotalCapped());
        assertArrayEquals(new long[] {ids[4], ids[5]}, ids(deep), "the last page ends at the cap");
        assertEquals(0, client.search(page(QUERY, 6, 10)).getResultsCount());
        assertFalse(client.search(page("rain", 0, 5)).getTotalCapped(), "one match is not capped");
    }

    // ---- fixtures ----

    private static void assertInvalid(SearchServiceGrpc.SearchServiceBlockingStub client, SearchRequest r,
            String expected) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.search(r));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(expected), e.getStatus().getDescription());
    }

    /** {@link LoveSongs} in {@code db}; two shards and a gateway over it. */
    private void startCluster(TestCatalog db) throws InterruptedException {
        ids = LoveSongs.load(db);
        cluster.start(db, dir);
        shard0 = cluster.shard(0);
        shard1 = cluster.shard(1);
        gateway = cluster.gateway();
    }

    private static String scrape(CacheServer node) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.metricsPort() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
