package io.constellation.cache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.ring.HashRing;
import io.constellation.common.ring.Owners;
import io.constellation.common.ring.RingMember;
import io.constellation.common.search.InvalidQueryException;
import io.constellation.common.search.QueryKey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where the client sends queries, through {@link SearchClient#owners} (the routing decision
 * search and prefetch use). No call is made: gRPC channels connect on first use, so the
 * nodes' addresses need no server.
 */
class SearchClientRoutingTest {

    private static final int QUERIES = 20_000;

    private final List<SearchClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(SearchClient::close);
    }

    private SearchClient client(int nodes) {
        SearchClientConfig.Builder b = SearchClientConfig.builder();
        for (int i = 0; i < nodes; i++) {
            b.node(node(i));
        }
        SearchClient c = new SearchClient(b.build());
        clients.add(c);
        return c;
    }

    private static CacheNode node(int i) {
        return CacheNode.of("cache-" + i, "127.0.0.1", 17_300 + i);
    }

    private static List<QueryKey> queries() throws InvalidQueryException {
        List<QueryKey> keys = new ArrayList<>(QUERIES);
        for (int i = 0; i < QUERIES; i++) {
            keys.add(QueryKey.of("artist" + (i % 977) + " title" + i));
        }
        return keys;
    }

    private static String[] primaries(SearchClient client, List<QueryKey> keys) {
        String[] ids = new String[keys.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = client.owners(keys.get(i)).primary().id();
        }
        return ids;
    }

    @Test
    void theSameQueryInAnyWordOrderCaseOrRepetitionGoesToTheSameNodes() throws Exception {
        SearchClient client = client(5);
        Owners expected = client.owners(QueryKey.of("Daft Punk One More Time"));
        for (String q : List.of("time MORE one punk daft", "DAFT daft punk, one; more... time!", "Dáft Pünk One More Time")) {
            assertEquals(expected, client.owners(QueryKey.of(q)), q);
        }
        assertNotEquals(expected.primary(), expected.secondary());
    }

    @Test
    void ownersAreThoseOfAHashRingOfTheSameMembersAndWeights() throws Exception {
        SearchClient client = client(4);
        client.reweight("cache-2", 30);
        List<RingMember> members = List.of(RingMember.of("cache-0"), RingMember.of("cache-1"),
                new RingMember("cache-2", 30), RingMember.of("cache-3"));
        HashRing ring = HashRing.of(members);
        for (QueryKey key : queries().subList(0, 2_000)) {
            assertEquals(ring.owners(key.hash()), client.owners(key), key.toString());
        }
    }

    @Test
    void addingOneOfElevenNodesMovesAboutAnEleventhOfTheQueriesAllToTheNewNode() throws Exception {
        SearchClient client = client(10);
        List<QueryKey> keys = queries();
        String[] before = primaries(client, keys);
        client.addNode(node(10));
        String[] after = primaries(client, keys);
        int moved = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertEquals("cache-10", after[i], "a query moved between two old nodes");
            }
        }
        double fraction = moved / (double) keys.size();
        assertTrue(fraction > 0.06 && fraction < 0.125, "moved " + fraction + ", expected about 1/11");
    }

    @Test
    void removingOneOfTenNodesMovesAboutATenthOfTheQueriesOnlyItsOwn() throws Exception {
        SearchClient client = client(10);
        List<QueryKey> keys = queries();
        String[] before = primaries(client, keys);
        client.removeNode("cache-3");
        String[] after = primaries(client, keys);
        int moved = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertEquals("cache-3", before[i], "a query of a remaining node moved");
            }
        }
        double fraction = moved / (double) keys.size();
        assertTrue(fraction > 0.065 && fraction < 0.135, "moved " + fraction + ", expected about 1/10");
    }

    @Test
    void theQueriesOfARemovedNodeGoToTheirFormerSecondaries() throws Exception {
        SearchClient client = client(6);
        List<Owners> before = new ArrayList<>();
        List<QueryKey> keys = queries().subList(0, 3_000);
        keys.forEach(k -> before.add(client.owners(k)));
        client.removeNode("cache-1");
        for (int i = 0; i < keys.size(); i++) {
            if (before.get(i).primary().id().equals("cache-1")) {
                assertEquals(before.get(i).secondary(), client.owners(keys.get(i)).primary());
            }
        }
    }

    @Test
    void rampingANodeUpMovesQueriesOnlyToIt() throws Exception {
        SearchClient client = client(4);
        client.addNode(node(4).withWeight(0));
        List<QueryKey> keys = queries();
        String[] atZero = primaries(client, keys);
        assertFalse(List.of(atZero).contains("cache-4"), "a node of weight 0 owns queries");
        client.reweight("cache-4", 50);
        String[] atHalf = primaries(client, keys);
        int toNew = 0;
        for (int i = 0; i < keys.size(); i++) {
            if (!atZero[i].equals(atHalf[i])) {
                assertEquals("cache-4", atHalf[i]);
                toNew++;
            }
        }
        double fraction = toNew / (double) keys.size();
        assertTrue(fraction > 0.07 && fraction < 0.16, "a node of half weight among four got " + fraction
                + ", expected about 1/9");
    }

    @Test
    void membershipChangesAreRefusedWhenTheyMakeNoSense() {
        SearchClient client = client(2);
        assertThrows(IllegalArgumentException.class, () -> client.addNode(node(1)));
        assertThrows(IllegalArgumentException.class, () -> client.removeNode("nope"));
        assertThrows(IllegalArgumentException.class, () -> client.reweight("nope", 5));
        assertThrows(IllegalArgumentException.class,
                () -> client.reweight("cache-0", HashRing.MAX_WEIGHT + 1));
        client.removeNode("cache-0");
        assertThrows(IllegalArgumentException.class, () -> client.removeNode("cache-1"));
        assertEquals(List.of(node(1)), client.nodes());
    }
}
