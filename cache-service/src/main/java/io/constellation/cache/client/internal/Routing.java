package io.constellation.cache.client.internal;

import io.constellation.cache.client.CacheNode;
import io.constellation.common.ring.HashRing;
import io.constellation.common.ring.Owners;
import io.constellation.common.ring.RingMember;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;

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
    /** Down nodes whose down time passed once: their channel is reconnecting (see {@link RoutingTable}). */
    private final Set<String> probing;
    /** Earliest value of {@link #downUntil}; meaningless when it is empty. */
    private final long nextRetry;
    private final int pointsPerWeight;

    private Routing(Map<String, NodeChannel> nodes, HashRing allUp, HashRing ring, Map<String, Long> downUntil,
            Set<String> probing, int pointsPerWeight) {
        this.nodes = nodes;
        this.allUp = allUp;
        this.ring = ring;
        this.downUntil = downUntil;
        this.probing = probing;
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
        return new Routing(Map.copyOf(nodes), all, all, Map.of(), Set.of(), pointsPerWeight);
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

    /** Whether {@code id} is down and its channel reconnecting. */
    public boolean isProbing(String id) {
        return probing.contains(id);
    }

    /**
     * This snapshot with {@code id} marked down until {@code until} (a fresh failure: not
     * probing); this one when it is not configured.
     */
    Routing withDown(String id, long until) {
        if (!nodes.containsKey(id)) {
            return this;
        }
        Map<String, Long> down = new HashMap<>(downUntil);
        down.put(id, until);
        Set<String> p = new HashSet<>(probing);
        p.remove(id);
        return new Routing(nodes, allUp, ring.withDown(id), Map.copyOf(down), Set.copyOf(p), pointsPerWeight);
    }

    /** The down nodes whose down time has passed at {@code now}. */
    List<String> due(long now) {
        List<String> due = new ArrayList<>();
        downUntil.forEach((id, until) -> {
            if (now - until >= 0) {
                due.add(id);
            }
        });
        return due;
    }

    /** This snapshot with the {@code due} nodes probing, still down, until {@code until}. */
    Routing withProbing(List<String> due, long until) {
        Map<String, Long> down = new HashMap<>(downUntil);
        Set<String> p = new HashSet<>(probing);
        for (String id : due) {
            down.put(id, until);
            p.add(id);
        }
        return new Routing(nodes, allUp, ring, Map.copyOf(down), Set.copyOf(p), pointsPerWeight);
    }

    /** This snapshot with {@code id} up (on the ring again). */
    Routing withUp(String id) {
        Map<String, Long> down = new HashMap<>(downUntil);
        down.remove(id);
        Set<String> p = new HashSet<>(probing);
        p.remove(id);
        return new Routing(nodes, allUp, ring.withUp(id), Map.copyOf(down), Set.copyOf(p), pointsPerWeight);
    }

    /**
     * A snapshot of {@code newNodes} (a new ring) that keeps the down marks of the nodes still
     * configured.
     */
    Routing withNodes(Map<String, NodeChannel> newNodes) {
        Map<String, NodeChannel> copy = Map.copyOf(newNodes);
        HashRing all = ring(copy, pointsPerWeight);
        HashRing r = all;
        Map<String, Long> down = new HashMap<>();
        Set<String> p = new HashSet<>();
        for (Map.Entry<String, Long> e : downUntil.entrySet()) {
            if (copy.containsKey(e.getKey())) {
                down.put(e.getKey(), e.getValue());
                r = r.withDown(e.getKey());
                if (probing.contains(e.getKey())) {
                    p.add(e.getKey());
                }
            }
        }
        return new Routing(copy, all, r, Map.copyOf(down), Set.copyOf(p), pointsPerWeight);
    }

    /** The nodes as configured now (for building the next membership). */
    Map<String, CacheNode> configured() {
        Map<String, CacheNode> m = new HashMap<>();
        nodes.forEach((id, n) -> m.put(id, n.node()));
        return m;
    }
}
