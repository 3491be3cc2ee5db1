package io.constellation.cache;

import static io.constellation.cache.testing.SearchCluster.member;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.client.SearchClient;
import io.constellation.cache.client.SearchClientConfig;
import io.constellation.cache.internal.CacheMetrics.Outcome;
import io.constellation.cache.testing.LoveSongs;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.ring.Owners;
import io.constellation.common.search.QueryKey;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.ServedFrom;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real cache nodes, each with its own cache directory, behind a {@link SearchClient},
 * in front of real index shards, a gateway and an H2 catalog: losing a node costs no
 * answers (its secondaries take its queries), and a node restarted on its old cache
 * directory serves its queries from disk again.
 */
class ThreeCacheNodesIT {

    /**
     * One query per "Artist i" from i = 4 (lower numbers are album names too): each matches
     * exactly that track.
     */
    private static final int FIRST = 4;
    private static final int QUERIES = LoveSongs.TRACKS;
    private static final String STOPPED = "cache-1";

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    @TempDir
    Path dir;

    private long[] ids;
    private final Map<String, CacheServer> nodes = new HashMap<>();
    private SearchClient client;

    @Test
    void aStoppedNodesQueriesAreAnsweredByTheirSecondaryAndItsDiskCacheServesAfterARestart() throws Exception {
        start();
        Map<String, Owners> owners = new HashMap<>();
        for (int i = FIRST; i < QUERIES; i++) {
            owners.put(query(i), client.owners(QueryKey.of(query(i))));
        }
        List<Integer> ownedByStopped = ownedBy(owners, STOPPED);
        assertFalse(ownedByStopped.isEmpty(), "the stopped node owns some queries");
        assertTrue(ownedByStopped.size() < QUERIES - FIRST, "and the others own some");

        // Warm: every query computed once by its primary, then served from its memory.
        for (int i = FIRST; i < QUERIES; i++) {
            assertAnswer(i, owners.get(query(i)).primary().id(), ServedFrom.SERVED_FROM_MISS);
            assertAnswer(i, owners.get(query(i)).primary().id(), ServedFrom.SERVED_FROM_MEMORY);
        }

        nodes.get(STOPPED).close();
        for (int i = FIRST; i < QUERIES; i++) {
            Owners o = owners.get(query(i));
            boolean lost = o.primary().id().equals(STOPPED);
            SearchResponse r = assertAnswer(i, lost ? o.secondary().id() : o.primary().id(),
                    lost ? ServedFrom.SERVED_FROM_MISS : ServedFrom.SERVED_FROM_MEMORY);
            assertFalse(r.getNodeId().equals(STOPPED));
        }
        assertTrue(client.isMarkedDown(STOPPED));

        // Back on its own cache directory, on a new port the client is told about.
        CacheServer restarted = cluster.node(STOPPED, dir.resolve(STOPPED));
        client.removeNode(STOPPED);
        client.addNode(member(restarted));
        for (int i : ownedByStopped) {
            assertAnswer(i, STOPPED, ServedFrom.SERVED_FROM_DISK);
            assertAnswer(i, STOPPED, ServedFrom.SERVED_FROM_MEMORY);
        }
        assertEquals(ownedByStopped.size(), restarted.metrics().searches(Outcome.DISK_HIT));
        assertEquals(0, restarted.metrics().searches(Outcome.MISS), "nothing it owned was recomputed");
    }

    private void start() throws InterruptedException {
        TestCatalog db = cluster.h2();
        ids = LoveSongs.load(db);
        cluster.start(db, dir);
        SearchClientConfig.Builder config = SearchClientConfig.builder().deadline(Duration.ofSeconds(20))
                .attemptTimeout(Duration.ofSeconds(5)).downTime(Duration.ofMinutes(5));
        for (int n = 0; n < 3; n++) {
            String id = "cache-" + n;
            CacheServer node = cluster.node(id, dir.resolve(id));
            nodes.put(id, node);
            config.node(member(node));
        }
        client = cluster.closeAfter(new SearchClient(config.build()));
    }

    /** Searches query {@code i} through the client; checks who answered, from where, and the one result. */
    private SearchResponse assertAnswer(int i, String nodeId, ServedFrom from) {
        SearchResponse r = client.searchBlocking(query(i), 0, 10);
        assertEquals(nodeId, r.getNodeId(), query(i));
        assertEquals(from, r.getServedFrom(), query(i));
        assertEquals(1, r.getTotal(), query(i));
        assertEquals(ids[i], r.getResults(0).getTrackId(), query(i));
        return r;
    }

    private static List<Integer> ownedBy(Map<String, Owners> owners, String nodeId) {
        List<Integer> owned = new ArrayList<>();
        for (int i = FIRST; i < QUERIES; i++) {
            if (owners.get(query(i)).primary().id().equals(nodeId)) {
                owned.add(i);
            }
        }
        return owned;
    }

    private static String query(int i) {
        return "artist " + i;
    }
}
