package io.constellation.cache.client.internal;

import io.constellation.cache.client.CacheNode;
import io.constellation.common.ring.HashRing;
import io.constellation.common.ring.Owners;
import io.constellation.common.ring.RingMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One snapshot of a client's routing: the configured nodes with their channels, the ring
 * they form and which of them are marked down until when. Immutable: marking a node down or
 * up, or changing membership, makes a new snapshot ({@link RoutingTable} swaps them).
 *
 * <p>Times are {@link System#nanoTime}-style ticks and are compared by difference, so
 * overflow of the tick counter does not matter.
 */
public final class Routing {

    private final Map<String, NodeChannel> nodes;
    /** Every node up: the fallback when every node is marked down. */
    private final HashRing allUp;
    /** {@link #allUp} with the down nodes skipped. */
    private final HashRing ring;
    /** Tick until which each down node is skipped; absent = up. */
    private final Map<String, Long> downUntil;
    /** Earliest value of {@link #downUntil}; meaningless when it is empty. */
    private final long nextRetry;
    private final int pointsPerWeight;

    private Routing(Map<String, NodeChannel> nodes, HashRing allUp, HashRing ring, Map<String, Long> downUntil,
            int pointsPerWeight) {
        this.nodes = nodes;
        this.allUp = allUp;
        this.ring = ring;
        this.downUntil = downUntil;
        this.pointsPerWeight = pointsPerWeight;
        long earliest = 0;
        boolean first = true;
        for (long t : downUntil.values()) {
            if (first || t - earliest < 0) {
                earliest = t;
                first = false;
            }
        }
        this.nextRetry = earliest;
    }

    /** Every node of {@code nodes} up. */
    static Routing of(Map<String, NodeChannel> nodes, int pointsPerWeight) {
        HashRing all = ring(nodes, pointsPerWeight);
        return new Routing(Map.copyOf(nodes), all, all, Map.of(), pointsPerWeight);
    }

    private static HashRing ring(Map<String, NodeChannel> nodes, int pointsPerWeight) {
        List<RingMember> members = new ArrayList<>(nodes.size());
        nodes.values().forEach(n -> members.add(n.node().member()));
        return HashRing.of(members, pointsPerWeight);
    }

    /**
     * The owners of a key: the ring without the down nodes; when that leaves no node (every
     * node marked down: more likely our marks are stale than the whole tier dead), the owners
     * with every node up.
     */
    public Owners owners(long keyHash) {
        Owners o = ring.owners(keyHash);
        return o.isEmpty() ? allUp.owners(keyHash) : o;
    }

    /** The node of {@code id} with its channel, or null when it is not (or no longer) configured. */
    public NodeChannel node(String id) {
        return nodes.get(id);
    }

    /** The configured nodes. */
    public Map<String, NodeChannel> nodes() {
        return nodes;
    }

    /** Whether {@code id} is marked down now. */
    public boolean isDown(String id) {
        return downUntil.containsKey(id);
    }

    /** How many nodes are marked down. */
    public int downCount() {
        return downUntil.size();
    }

    /** Whether some node's down time has passed at {@code now}. */
    boolean retryDue(long now) {
        return !downUntil.isEmpty() && now - nextRetry >= 0;
    }

    /** This snapshot with {@code id} marked down until {@code until}; this one when it is not configured. */
    Routing withDown(String id, long until) {
        if (!nodes.containsKey(id)) {
            return this;
        }
        Map<String, Long> down = new HashMap<>(downUntil);
        down.put(id, until);
        return new Routing(nodes, allUp, ring.withDown(id), Map.copyOf(down), pointsPerWeight);
    }

    /** This snapshot with every node whose down time has passed at {@code now} up again. */
    Routing withDueUp(long now) {
        Map<String, Long> down = new HashMap<>(downUntil);
        HashRing r = ring;
        for (Map.Entry<String, Long> e : downUntil.entrySet()) {
            if (now - e.getValue() >= 0) {
                down.remove(e.getKey());
                r = r.withUp(e.getKey());
            }
        }
        return new Routing(nodes, allUp, r, Map.copyOf(down), pointsPerWeight);
    }

    /** The ids marked down here and up in {@code next}. */
    List<String> upIn(Routing next) {
        List<String> up = new ArrayList<>();
        downUntil.keySet().forEach(id -> {
            if (!next.isDown(id)) {
                up.add(id);
            }
        });
        return up;
    }

    /**
     * A snapshot of {@code newNodes} (a new ring) that keeps the down marks of the nodes still
     * configured.
     */
    Routing withNodes(Map<String, NodeChannel> newNodes) {
        Routing next = of(newNodes, pointsPerWeight);
        for (Map.Entry<String, Long> e : downUntil.entrySet()) {
            next = next.withDown(e.getKey(), e.getValue());
        }
        return next;
    }

    /** The nodes as configured now (for building the next membership). */
    Map<String, CacheNode> configured() {
        Map<String, CacheNode> m = new HashMap<>();
        nodes.forEach((id, n) -> m.put(id, n.node()));
        return m;
    }
}
