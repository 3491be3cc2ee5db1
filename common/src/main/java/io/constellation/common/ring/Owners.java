package io.constellation.common.ring;

/**
 * The nodes that hold a key: the first node up clockwise from the key (the primary) and the
 * next node up after it that is a different node (the secondary, where a copy may be kept
 * and where requests go when the primary fails).
 *
 * @param primary   the owner, or {@code null} when every node is down (or has weight 0)
 * @param secondary the next distinct owner, or {@code null} when fewer than two nodes are
 *                  up; never the same node as {@code primary}
 */
public record Owners(RingMember primary, RingMember secondary) {

    /** No node up. */
    static final Owners NONE = new Owners(null, null);

    public Owners {
        if (primary == null && secondary != null) {
            throw new IllegalArgumentException("a secondary without a primary");
        }
        if (primary != null && secondary != null && primary.id().equals(secondary.id())) {
            throw new IllegalArgumentException("secondary must differ from primary: " + primary.id());
        }
    }

    /** Whether any node owns the key. */
    public boolean isEmpty() {
        return primary == null;
    }
}
