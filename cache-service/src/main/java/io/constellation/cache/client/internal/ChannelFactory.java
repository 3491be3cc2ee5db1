package io.constellation.cache.client.internal;

import io.constellation.cache.client.CacheNode;
import io.constellation.cache.client.ChannelOptions;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/** Opens one plaintext channel per cache node with the client's {@link ChannelOptions}. Immutable. */
public final class ChannelFactory {

    private final ChannelOptions options;

    public ChannelFactory(ChannelOptions options) {
        this.options = options;
    }

    /** A channel to {@code node}; gRPC connects on the first call (or {@code getState(true)}). */
    public ManagedChannel open(CacheNode node) {
        NettyChannelBuilder b = NettyChannelBuilder.forTarget(node.address()).usePlaintext()
                .maxInboundMessageSize(options.maxInboundBytes())
                .idleTimeout(options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                // Failover is this client's job: no retry policy from a service config may resend
                // a call to the node we are about to mark down.
                .disableRetry();
        if (!options.keepAliveTime().isZero()) {
            b.keepAliveTime(options.keepAliveTime().toMillis(), TimeUnit.MILLISECONDS);
        }
        return b.build();
    }
}
