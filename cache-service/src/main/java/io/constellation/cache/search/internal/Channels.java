package io.constellation.cache.search.internal;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One long-lived gRPC channel per "host:port" (the seed's pooled connections between the
 * cache and the index layer), opened lazily by gRPC on first use and closed together.
 * Immutable after construction; channels are thread-safe.
 */
public final class Channels implements AutoCloseable {

    private final Map<String, ManagedChannel> byAddress = new LinkedHashMap<>();

    /**
     * Channels to every address (duplicates share one).
     *
     * @param maxInboundBytes largest answer accepted (an index shard's answer of 1,000,000 ids
     *                        is up to ~10 MB of varints)
     */
    public Channels(Iterable<String> addresses, int maxInboundBytes) {
        this(addresses, maxInboundBytes, false);
    }

    /**
     * As above; with {@code directCallbacks}, answers are delivered on the channel's
     * transport (event loop) threads instead of gRPC's shared executor: saves two thread
     * hand-offs per call, for callers whose callbacks are short and never block.
     */
    public Channels(Iterable<String> addresses, int maxInboundBytes, boolean directCallbacks) {
        for (String address : addresses) {
            byAddress.computeIfAbsent(address, a -> {
                NettyChannelBuilder b = NettyChannelBuilder.forTarget(a).usePlaintext().maxInboundMessageSize(maxInboundBytes);
                return (directCallbacks ? b.directExecutor() : b).build();
            });
        }
    }

    /** The channel to {@code address}, which must be one given to the constructor. */
    public ManagedChannel get(String address) {
        ManagedChannel c = byAddress.get(address);
        if (c == null) {
            throw new IllegalArgumentException("no channel to " + address);
        }
        return c;
    }

    /** Closes every channel: calls in flight end with CANCELLED/UNAVAILABLE. */
    @Override
    public void close() {
        byAddress.values().forEach(ManagedChannel::shutdownNow);
        for (ManagedChannel c : byAddress.values()) {
            try {
                c.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
