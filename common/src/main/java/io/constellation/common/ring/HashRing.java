package io.constellation.common.ring;

import io.constellation.common.hash.Hash64;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Consistent hashing over a set of nodes: each node has {@code weight × pointsPerWeight}
 * points on a ring of 2^64 positions; a key (a 64-bit hash, e.g. of a query) belongs to the
 * first point at or clockwise after it whose node is up (the primary), and its secondary is
 * the next node up clockwise that is a different node.
 *
 * <p>Properties the callers rely on:
 * <ul>
 *   <li>Deterministic: point {@code j} of node {@code id} sits at {@link Hash64} of the UTF-8
 *       of {@code id + "#" + j}, and equal positions are ordered by node id, so every process
 *       given the same members (in any order) answers the same owners.</li>
 *   <li>Adding or removing one of N equal nodes moves about 1/N of the keys, and only to or
 *       from that node.</li>
 *   <li>A node's share of the keys is proportional to its weight. Raising a weight only adds
 *       points (points 0..k-1 are kept), so ramping a new node up moves keys to it and never
 *       between the other nodes.</li>
 *   <li>A node marked down is skipped: its keys go to their secondary, the node that would
 *       have held the copy, and no other key moves.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe: a change of membership or weight builds a new ring
 * ({@link #of}); a node going down or up makes a cheap copy that shares the points
 * ({@link #withDown}, {@link #withUp}). Lookups allocate nothing but the answer.
 */
public final class HashRing {

    /** Highest weight of one node (100 × the default: a node may be given far more capacity). */
    public static final int MAX_WEIGHT = 10_000;
    /** Points per unit of weight: 200 points for a node of the default weight. */
    public static final int DEFAULT_POINTS_PER_WEIGHT = 2;
    /** Most points in one ring (bounds build time and memory: 12 bytes a point). */
    public static final int MAX_POINTS = 4_000_000;

    /** Members sorted by id; a member's index here is its number in {@link #pointOwner}. */
    private final RingMember[] members;
    private final Map<String, Integer> indexById;
    /** Point positions, ascending in unsigned order, stored with the sign bit flipped (see {@link #sortable}). */
    private final long[] pointPosition;
    /** Member index of each point, parallel to {@link #pointPosition}. */
    private final int[] pointOwner;
    /** Down flags by member index; the only part a down/up copy does not share. */
    private final boolean[] down;

    private HashRing(RingMember[] members, Map<String, Integer> indexById, long[] pointPosition,
            int[] pointOwner, boolean[] down) {
        this.members = members;
        this.indexById = indexById;
        this.pointPosition = pointPosition;
        this.pointOwner = pointOwner;
        this.down = down;
    }

    /** A ring of {@code members}, all up, with {@link #DEFAULT_POINTS_PER_WEIGHT}. */
    public static HashRing of(Collection<RingMember> members) {
        return of(members, DEFAULT_POINTS_PER_WEIGHT);
    }

    /**
     * A ring of {@code members}, all up.
     *
     * @throws IllegalArgumentException if there are no members, two share an id,
     *     {@code pointsPerWeight < 1}, or the ring would have over {@link #MAX_POINTS} points
     */
    public static HashRing of(Collection<RingMember> members, int pointsPerWeight) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one member");
        }
        if (pointsPerWeight < 1) {
            throw new IllegalArgumentException("points per weight must be at least 1, got " + pointsPerWeight);
        }
        RingMember[] sorted = members.toArray(new RingMember[0]);
        Arrays.sort(sorted, Comparator.comparing(RingMember::id));
        Map<String, Integer> indexById = new HashMap<>();
        long total = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (indexById.putIfAbsent(sorted[i].id(), i) != null) {
                throw new IllegalArgumentException("two ring members have the id " + sorted[i].id());
            }
            total += (long) sorted[i].weight() * pointsPerWeight;
        }
        if (total > MAX_POINTS) {
            throw new IllegalArgumentException("the ring would have " + total + " points; the limit is " + MAX_POINTS
                    + " (lower the weights or points per weight)");
        }
        return build(sorted, indexById, (int) total, pointsPerWeight);
    }

    /** Builds the point arrays; runs once per membership change, so it may allocate freely. */
    private static HashRing build(RingMember[] sorted, Map<String, Integer> indexById, int total, int pointsPerWeight) {
        List<long[]> points = new ArrayList<>(total);
        for (int m = 0; m < sorted.length; m++) {
            int count = sorted[m].weight() * pointsPerWeight;
            for (int j = 0; j < count; j++) {
                points.add(new long[] {sortable(pointHash(sorted[m].id(), j)), m});
            }
        }
        // Ties (astronomically rare) go to the member with the smaller id: the same in every process.
        points.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        long[] position = new long[total];
        int[] owner = new int[total];
        for (int i = 0; i < total; i++) {
            position[i] = points.get(i)[0];
            owner[i] = (int) points.get(i)[1];
        }
        return new HashRing(sorted, Map.copyOf(indexById), position, owner, new boolean[sorted.length]);
    }

    /** The position of point {@code j} of node {@code id}. */
    static long pointHash(String id, int j) {
        return Hash64.of(id + "#" + j);
    }

    /** The owners of the key with hash {@code keyHash}, skipping nodes that are down. */
    public Owners owners(long keyHash) {
        int n = pointPosition.length;
        if (n == 0) {
            return Owners.NONE;
        }
        int primary = -1;
        int i = firstAtOrAfter(sortable(keyHash));
        for (int step = 0; step < n; step++, i = i + 1 == n ? 0 : i + 1) {
            int m = pointOwner[i];
            if (down[m] || m == primary) {
                continue;
            }
            if (primary < 0) {
                primary = m;
            } else {
                return new Owners(members[primary], members[m]);
            }
        }
        return primary < 0 ? Owners.NONE : new Owners(members[primary], null);
    }

    /** A ring like this one with node {@code id} marked down (skipped by {@link #owners}). */
    public HashRing withDown(String id) {
        return withState(id, true);
    }

    /** A ring like this one with node {@code id} up again. */
    public HashRing withUp(String id) {
        return withState(id, false);
    }

    private HashRing withState(String id, boolean isDown) {
        int m = indexOf(id);
        if (down[m] == isDown) {
            return this;
        }
        boolean[] copy = down.clone();
        copy[m] = isDown;
        return new HashRing(members, indexById, pointPosition, pointOwner, copy);
    }

    /** Whether node {@code id} is marked down. */
    public boolean isDown(String id) {
        return down[indexOf(id)];
    }

    /** The members, sorted by id. */
    public List<RingMember> members() {
        return List.of(members);
    }

    /** Points that node {@code id} has on the ring. */
    public int pointCount(String id) {
        int m = indexOf(id);
        int count = 0;
        for (int owner : pointOwner) {
            count += owner == m ? 1 : 0;
        }
        return count;
    }

    /**
     * The fraction of the hash space whose primary is node {@code id}, given the nodes down
     * now (0 for a node that is down): what share of uniformly spread keys it owns.
     */
    public double share(String id) {
        int m = indexOf(id);
        int n = pointPosition.length;
        double owned = 0;
        for (int i = 0; i < n; i++) {
            // The arc (previous point, point i] belongs to the first up node at or after point i.
            if (firstUpFrom(i) == m) {
                long previous = pointPosition[i == 0 ? n - 1 : i - 1];
                long arc = pointPosition[i] - previous;
                owned += n == 1 ? 0x1p64 : unsigned(arc);
            }
        }
        return owned / 0x1p64;
    }

    private int firstUpFrom(int i) {
        int n = pointPosition.length;
        for (int step = 0; step < n; step++, i = i + 1 == n ? 0 : i + 1) {
            if (!down[pointOwner[i]]) {
                return pointOwner[i];
            }
        }
        return -1;
    }

    /** Index of the first point at or after {@code sortableKey}, wrapping past the top to 0. */
    private int firstAtOrAfter(long sortableKey) {
        int lo = 0;
        int hi = pointPosition.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (pointPosition[mid] < sortableKey) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == pointPosition.length ? 0 : lo;
    }

    private int indexOf(String id) {
        Integer m = indexById.get(id);
        if (m == null) {
            throw new IllegalArgumentException("no ring member has the id " + id);
        }
        return m;
    }

    /** Maps unsigned order onto signed order, so a plain {@code <} walks the ring clockwise from 0. */
    private static long sortable(long unsignedPosition) {
        return unsignedPosition ^ Long.MIN_VALUE;
    }

    private static double unsigned(long v) {
        return v >= 0 ? (double) v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
