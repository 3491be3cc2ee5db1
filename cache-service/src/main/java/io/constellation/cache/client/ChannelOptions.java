package io.constellation.cache.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the one gRPC channel a {@link SearchClient} keeps to each cache node.
 *
 * @param maxInboundBytes largest answer accepted, bytes; a page of 200 results with long
 *                        names is well under 100 KiB. Default {@link #DEFAULT_MAX_INBOUND_BYTES}.
 * @param keepAliveTime   interval of HTTP/2 keepalive pings while calls are open, or
 *                        {@link Duration#ZERO} for none (the default: a gRPC server by default
 *                        refuses pings more often than every 5 minutes and closes the
 *                        connection with "too_many_pings"; turn it on only with a server that
 *                        permits it)
 * @param idleTimeout     an unused channel closes its connection after this long (and
 *                        reconnects on the next call). Default {@link #DEFAULT_IDLE_TIMEOUT}.
 */
public record ChannelOptions(int maxInboundBytes, Duration keepAliveTime, Duration idleTimeout) {

    /** 4 MiB, gRPC's own default. */
    public static final int DEFAULT_MAX_INBOUND_BYTES = 4 << 20;
    /** 30 minutes, gRPC's own default. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** The defaults above, keepalive off. */
    public static final ChannelOptions DEFAULTS =
            new ChannelOptions(DEFAULT_MAX_INBOUND_BYTES, Duration.ZERO, DEFAULT_IDLE_TIMEOUT);

    public ChannelOptions {
        Objects.requireNonNull(keepAliveTime, "keepAliveTime");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (maxInboundBytes < 1024) {
            throw new IllegalArgumentException("max inbound bytes must be at least 1024, got " + maxInboundBytes);
        }
        if (keepAliveTime.isNegative()) {
            throw new IllegalArgumentException("keepalive time must be zero (off) or positive, got " + keepAliveTime);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle timeout must be positive, got " + idleTimeout);
        }
    }
}
