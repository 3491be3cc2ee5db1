package io.constellation.cache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.client.testing.NodeIdSearchFixture;
import io.constellation.cache.client.testing.NodeIdSearchFixture.Mode;
import io.constellation.common.ring.Owners;
import io.constellation.common.search.QueryKey;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against real gRPC servers on loopback sockets: three {@link NodeIdSearchFixture}
 * test fixtures that answer with their own node id, so each answer says which node served it.
 * Down times run on a test clock ({@link #clock}), so recovery needs no sleeping.
 */
class SearchClientFailoverIT {

    private static final Duration DOWN_TIME = Duration.ofSeconds(5);
    private static final double JITTER = 0.2;
    /** Long enough for a first connection on a loaded 2-core machine. */
    private static final Duration ATTEMPT_TIMEOUT = Duration.ofMillis(1000);

    private final Map<String, NodeIdSearchFixture> fixtures = new HashMap<>();
    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private SearchClient client;

    @BeforeEach
    void startNodes() {
        for (int i = 0; i < 3; i++) {
            NodeIdSearchFixture f = NodeIdSearchFixture.start("cache-" + i, 0);
            fixtures.put(f.nodeId(), f);
        }
        client = client(0.5);
    }

    private SearchClient client(double random) {
        SearchClientConfig.Builder b = SearchClientConfig.builder().deadline(Duration.ofSeconds(3))
                .attemptTimeout(ATTEMPT_TIMEOUT).downTime(DOWN_TIME).downJitter(JITTER)
                .ticker(clock::get).random(() -> random).meterRegistry(registry);
        fixtures.values().forEach(f -> b.node(CacheNode.of(f.nodeId(), "127.0.0.1", f.port())));
        return new SearchClient(b.build());
    }

    @AfterEach
    void stop() {
        client.close();
        fixtures.values().forEach(NodeIdSearchFixture::close);
    }

    /** A query whose primary is {@code nodeId} now. */
    private String queryOwnedBy(String nodeId) throws Exception {
        for (int i = 0; i < 10_000; i++) {
            String q = "song " + i;
            if (client.owners(QueryKey.of(q)).primary().id().equals(nodeId)) {
                return q;
            }
        }
        throw new AssertionError("no query is owned by " + nodeId + " (marked down?)");
    }

    private Owners owners(String query) throws Exception {
        return client.owners(QueryKey.of(query));
    }

    private double count(String name, String... tags) {
        return registry.get(name).tags(tags).counter().count();
    }

    private double searchFailovers() {
        return count(SearchClientMetrics.FAILOVERS, SearchClientMetrics.TAG_METHOD, SearchClientMetrics.METHOD_SEARCH);
    }

    private double markedDown() {
        return registry.get(SearchClientMetrics.MARKED_DOWN).counter().count();
    }

    private int totalCalls() {
        return fixtures.values().stream().mapToInt(NodeIdSearchFixture::calls).sum();
    }

    private void stopNode(String id) {
        fixtures.get(id).close();
    }

    @Test
    void everyQueryIsAnsweredByItsPrimary() throws Exception {
        for (int i = 0; i < 60; i++) {
            String q = "artist " + i + " title";
            String primary = owners(q).primary().id();
            assertEquals(primary, client.searchBlocking(q, 0, 10).getNodeId(), q);
            assertEquals(primary, client.prefetchBlocking(q).getNodeId(), q);
        }
        assertEquals(0, searchFailovers());
    }

    @Test
    void aStoppedPrimaryFailsOverToTheSecondaryAndIsSkippedWhileMarkedDown() throws Exception {
        String q = queryOwnedBy("cache-0");
        String secondary = owners(q).secondary().id();
        stopNode("cache-0");

        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());
        assertTrue(client.isMarkedDown("cache-0"));
        assertEquals(1, searchFailovers());
        assertEquals(1, markedDown());
        assertEquals(1.0, registry.get(SearchClientMetrics.NODES_DOWN).gauge().value());

        // Skipped now: the secondary is asked first, no failover.
        assertEquals(secondary, owners(q).primary().id());
        assertEquals(secondary, client.searchBlocking(q, 10, 10).getNodeId());
        assertEquals(1, searchFailovers());
    }

    @Test
    void aHungPrimaryIsGivenUpAfterTheAttemptTimeoutAndMarkedDown() throws Exception {
        String q = queryOwnedBy("cache-1");
        String secondary = owners(q).secondary().id();
        fixtures.get("cache-1").mode(Mode.HANG);

        long start = System.nanoTime();
        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMillis >= ATTEMPT_TIMEOUT.toMillis() - 50 && tookMillis < 3_000, "took " + tookMillis + " ms");
        assertTrue(client.isMarkedDown("cache-1"));
        assertEquals(1, searchFailovers());
    }

    @Test
    void unavailableSentOverAHealthyConnectionFailsOverWithoutMarkingTheNodeDown() throws Exception {
        String q = queryOwnedBy("cache-2");
        String secondary = owners(q).secondary().id();
        client.searchBlocking(q, 0, 10); // connects: the channel is READY from now on
        fixtures.get("cache-2").mode(Mode.UNAVAILABLE);

        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());
        assertFalse(client.isMarkedDown("cache-2"));
        assertEquals(1, searchFailovers());
        assertEquals(0, markedDown());
    }

    @Test
    void invalidArgumentFromTheNodeIsFinalAndNotRetried() throws Exception {
        String q = queryOwnedBy("cache-0");
        NodeIdSearchFixture secondary = fixtures.get(owners(q).secondary().id());
        fixtures.get("cache-0").mode(Mode.INVALID_ARGUMENT);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.searchBlocking(q, 0, 10));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("cache-0 refuses the query"), e.getMessage());
        assertEquals(0, secondary.calls());
        assertFalse(client.isMarkedDown("cache-0"));
        assertEquals(0, searchFailovers());
    }

    @Test
    void anInvalidQueryOrPageFailsWithInvalidArgumentWithoutAnyCall() {
        String tooManyWords = String.join(" ", java.util.stream.IntStream.range(0, 33)
                .mapToObj(i -> "word" + i).toList());
        Map<String, Runnable> cases = Map.of(
                "empty", () -> client.searchBlocking(" ?! ", 0, 10),
                "33 words", () -> client.searchBlocking(tooManyWords, 0, 10),
                "over 1 KiB", () -> client.searchBlocking("a".repeat(1025), 0, 10),
                "limit 0", () -> client.searchBlocking("daft punk", 0, 0),
                "limit 201", () -> client.searchBlocking("daft punk", 0, 201),
                "offset -1", () -> client.searchBlocking("daft punk", -1, 10),
                "prefetch empty", () -> client.prefetchBlocking(""));
        cases.forEach((name, call) -> {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run, name);
            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode(), name);
        });
        assertEquals(0, totalCalls());
        assertEquals(6, count(SearchClientMetrics.CALLS, SearchClientMetrics.TAG_METHOD,
                SearchClientMetrics.METHOD_SEARCH, SearchClientMetrics.TAG_OUTCOME,
                SearchClientMetrics.OUTCOME_INVALID_ARGUMENT));
    }

    /** Waits (up to 5 s of real time) until {@code id} is no longer marked down. */
    private void awaitUp(String id) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (client.isMarkedDown(id)) {
            assertTrue(System.nanoTime() < end, id + " still marked down after 5 s");
            Thread.sleep(10);
        }
    }

    @Test
    void aDownNodeIsReconnectedAfterItsDownTimeAndServesOnceBack() throws Exception {
        String q = queryOwnedBy("cache-0");
        String secondary = owners(q).secondary().id();
        int port = fixtures.get("cache-0").port();
        stopNode("cache-0");
        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());

        // Down time passed, node still dead: the reconnection fails, so it stays off the ring
        // and no user call is spent on it.
        clock.addAndGet(DOWN_TIME.toNanos());
        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());
        Thread.sleep(300);
        assertTrue(client.isMarkedDown("cache-0"));
        assertEquals(1, searchFailovers());

        // Back on the same address: not tried before its next down time passes...
        fixtures.put("cache-0", NodeIdSearchFixture.start("cache-0", port));
        clock.addAndGet(DOWN_TIME.toNanos() - 1);
        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());
        // ...then reconnected and on the ring again.
        clock.addAndGet(1);
        awaitUp("cache-0");
        assertEquals("cache-0", client.searchBlocking(q, 0, 10).getNodeId());
        assertEquals(1, searchFailovers());
        assertEquals(1, markedDown());
    }

    @Test
    void aHungNodeIsPutBackAfterItsDownTimeAndMarkedDownAgainByTheNextCallItFails() throws Exception {
        String q = queryOwnedBy("cache-2");
        String secondary = owners(q).secondary().id();
        fixtures.get("cache-2").mode(Mode.HANG);
        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());

        clock.addAndGet(DOWN_TIME.toNanos());
        awaitUp("cache-2"); // its connection is READY: real traffic is the check
        assertEquals(secondary, client.searchBlocking(q, 0, 10).getNodeId());
        assertTrue(client.isMarkedDown("cache-2"));
        assertEquals(2, searchFailovers());
        assertEquals(2, markedDown());
    }

    @Test
    void theDownTimeIsSpreadByTheJitter() throws Exception {
        client.close();
        client = client(0.0); // the shortest spread: DOWN_TIME × (1 - JITTER)
        String q = queryOwnedBy("cache-1");
        int port = fixtures.get("cache-1").port();
        stopNode("cache-1");
        client.searchBlocking(q, 0, 10);
        assertTrue(client.isMarkedDown("cache-1"));
        fixtures.put("cache-1", NodeIdSearchFixture.start("cache-1", port));

        long shortest = (long) (DOWN_TIME.toNanos() * (1 - JITTER));
        clock.addAndGet(shortest - 1);
        Thread.sleep(300);
        assertTrue(client.isMarkedDown("cache-1"));
        clock.addAndGet(1);
        awaitUp("cache-1");
    }

    @Test
    void withBothOwnersDownTheCallFailsUnavailableNamingBoth() throws Exception {
        String q = queryOwnedBy("cache-0");
        String secondary = owners(q).secondary().id();
        stopNode("cache-0");
        stopNode(secondary);

        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> client.searchBlocking(q, 0, 10));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        String description = e.getStatus().getDescription();
        assertTrue(description.contains("cache node cache-0") && description.contains("cache node " + secondary),
                description);
        assertTrue(client.isMarkedDown("cache-0") && client.isMarkedDown(secondary));
    }

    @Test
    void everyNodeMarkedDownStillRoutesToTheRealOwners() throws Exception {
        String[] queries = {queryOwnedBy("cache-0"), queryOwnedBy("cache-1"), queryOwnedBy("cache-2")};
        fixtures.keySet().forEach(this::stopNode);
        for (String query : queries) {
            assertThrows(StatusRuntimeException.class, () -> client.searchBlocking(query, 0, 10));
        }
        fixtures.keySet().forEach(id -> assertTrue(client.isMarkedDown(id), id));
        for (int i = 0; i < 3; i++) {
            assertEquals("cache-" + i, owners(queries[i]).primary().id());
        }
    }

    @Test
    void prefetchFailsOverLikeSearch() throws Exception {
        String q = queryOwnedBy("cache-1");
        String secondary = owners(q).secondary().id();
        stopNode("cache-1");
        assertEquals(secondary, client.prefetchBlocking(q).getNodeId());
        assertEquals(1, count(SearchClientMetrics.FAILOVERS, SearchClientMetrics.TAG_METHOD,
                SearchClientMetrics.METHOD_PREFETCH));
    }

    @Test
    void aNodeAddedAtRuntimeAnswersTheQueriesItNowOwnsAndARemovedOneNoLonger() throws Exception {
        NodeIdSearchFixture added = NodeIdSearchFixture.start("cache-3", 0);
        fixtures.put("cache-3", added);
        client.addNode(CacheNode.of("cache-3", "127.0.0.1", added.port()));
        String q = queryOwnedBy("cache-3");
        assertEquals("cache-3", client.searchBlocking(q, 0, 10).getNodeId());

        client.removeNode("cache-3");
        assertEquals(owners(q).primary().id(), client.searchBlocking(q, 0, 10).getNodeId());
        assertEquals(1, added.calls());
    }

    @Test
    void afterCloseCallsFailWithoutReachingANode() {
        client.close();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> client.searchBlocking("daft punk", 0, 10));
        assertEquals(Status.Code.FAILED_PRECONDITION, e.getStatus().getCode());
        assertEquals(0, totalCalls());
        assertThrows(IllegalStateException.class, () -> client.addNode(CacheNode.of("x", "127.0.0.1", 1)));
    }
}
