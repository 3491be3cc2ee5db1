package io.constellation.cache.client;

import io.constellation.common.ring.HashRing;
import io.constellation.common.ring.RingMember;
import java.util.Objects;

/**
 * A cache node as a {@link SearchClient} sees it: the id it has on the ring (the same in
 * every web front end and the node's own configured id, which it answers with in
 * {@code node_id}), where it listens, and its weight (its share of the queries).
 *
 * @param id     non-blank; the name its ring points are hashed from
 * @param host   host name or IP address, non-blank
 * @param port   1 to 65535
 * @param weight 0 to {@link HashRing#MAX_WEIGHT}; {@link RingMember#DEFAULT_WEIGHT} is a full
 *               node, 0 keeps it configured with no queries (the first step of a ramp-up)
 */
public record CacheNode(String id, String host, int port, int weight) {

    public CacheNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (id.isBlank() || host.isBlank()) {
            throw new IllegalArgumentException("a cache node needs a non-blank id and host, got id '" + id
                    + "', host '" + host + "'");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port of cache node " + id + " must be in 1..65535, got " + port);
        }
        // Validates the weight with the ring's own rule and message.
        new RingMember(id, weight);
    }

    /** A node of {@link RingMember#DEFAULT_WEIGHT}. */
    public static CacheNode of(String id, String host, int port) {
        return new CacheNode(id, host, port, RingMember.DEFAULT_WEIGHT);
    }

    /** This node with another weight (same id and address). */
    public CacheNode withWeight(int newWeight) {
        return new CacheNode(id, host, port, newWeight);
    }

    /** "host:port", the gRPC target (IPv6 literals in brackets). */
    public String address() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The node as a ring member. */
    public RingMember member() {
        return new RingMember(id, weight);
    }
}
