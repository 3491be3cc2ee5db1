package io.constellation.cache.client.internal;

import io.constellation.cache.client.CacheNode;
import io.grpc.ManagedChannel;

/**
 * A configured cache node and the channel to its address.
 *
 * @param node    the node as configured now (its weight may change; a changed address is a
 *                new {@code NodeChannel})
 * @param channel owned by the {@link RoutingTable} that holds this node
 */
public record NodeChannel(CacheNode node, ManagedChannel channel) {

    /** The same channel with {@code newNode}'s settings (same id and address). */
    NodeChannel with(CacheNode newNode) {
        return new NodeChannel(newNode, channel);
    }
}
