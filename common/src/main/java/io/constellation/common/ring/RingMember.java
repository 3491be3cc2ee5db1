package io.constellation.common.ring;

import java.util.Objects;

/**
 * A node of a {@link HashRing}: its id (the name its points are hashed from, so it must be
 * the same in every process, e.g. {@code cache-2} or {@code 10.0.0.7:7300}) and its weight.
 *
 * @param id     non-blank; unique within a ring
 * @param weight 0 to {@link HashRing#MAX_WEIGHT}; the node gets {@code weight × pointsPerWeight}
 *               points, so its share of the keys is proportional to it. 0 keeps a node in
 *               the ring with no keys (the first step of a ramp-up). {@link #DEFAULT_WEIGHT}
 *               is a full node.
 */
public record RingMember(String id, int weight) {

    /** The weight of a fully ramped-up node of standard capacity. */
    public static final int DEFAULT_WEIGHT = 100;

    public RingMember {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a ring member needs a non-blank id");
        }
        if (weight < 0 || weight > HashRing.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight of " + id + " must be in 0.." + HashRing.MAX_WEIGHT
                    + ", got " + weight);
        }
    }

    /** A member of {@link #DEFAULT_WEIGHT}. */
    public static RingMember of(String id) {
        return new RingMember(id, DEFAULT_WEIGHT);
    }
}
