package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.satellite.internal.SatelliteMetrics.Refusal;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits or refuses each accepted connection, then builds its pipeline:
 * <pre>
 *   frame decoder (per channel) → message codec (shared, both ways) → connection (per channel)
 *     → exception sorter (shared)
 * </pre>
 * Bytes become frames before frames become messages, and only whole messages reach the
 * state machine: each stage sees exactly its own unit, and a bad length is refused before
 * its body is buffered. The codec sits before the connection so that the connection's
 * writes pass through it on their way out. Only two handlers are per channel and there are
 * four in all (each costs a context of 64 bytes per channel), which keeps an idle
 * connection small; three on epoll, where the channel is a {@link CompactEpollChannel}
 * whose pipeline's tail is the exception sorter.
 *
 * <p>A refused connection (draining, over the connection limit, its address over its
 * connection rate) gets only the codec, one Error(SERVER_BUSY) with retry_after_ms, and
 * a close. {@link Sharable}: one instance serves every channel.
 */
@Sharable
public final class SatelliteChannelInitializer extends ChannelInitializer<Channel> {

    /** Handler names, for tests and for anyone inspecting a pipeline. */
    public static final String FRAME_DECODER = "frame-decoder";
    public static final String MESSAGE_CODEC = "message-codec";
    public static final String CONNECTION = "connection";
    public static final String EXCEPTIONS = "exceptions";

    private static final Logger log = LoggerFactory.getLogger(SatelliteChannelInitializer.class);

    private final ServerContext server;

    public SatelliteChannelInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        Refusal refusal = admit(ch);
        if (refusal != null) {
            refuse(ch, refusal);
            return;
        }
        p.addLast(FRAME_DECODER, server.frameDecoders.get());
        p.addLast(MESSAGE_CODEC, server.codec);
        p.addLast(CONNECTION, new ConnectionHandler(server));
        addExceptionSorter(p);
    }

    /** The last exception handler, unless the pipeline's tail is one ({@link SortingPipeline}). */
    private void addExceptionSorter(ChannelPipeline p) {
        if (!(p instanceof SortingPipeline)) {
            p.addLast(EXCEPTIONS, server.sorter);
        }
    }

    private Refusal admit(Channel ch) {
        if (server.draining()) {
            return Refusal.DRAINING;
        }
        if (ch.remoteAddress() instanceof InetSocketAddress remote && remote.getAddress() != null
                && !server.rateLimiter.tryAcquire(remote.getAddress(), server.nanoClock.getAsLong())) {
            return Refusal.RATE_LIMIT;
        }
        return server.tryOpen() ? null : Refusal.CONNECTION_LIMIT;
    }

    private void refuse(Channel ch, Refusal refusal) {
        server.metrics.refused(refusal);
        log.debug("refused a connection from {}: {}", ch.remoteAddress(), refusal);
        String text = switch (refusal) {
            case DRAINING -> "this server is shutting down; connect again later";
            case RATE_LIMIT -> "too many connections from your address; wait and try again";
            case CONNECTION_LIMIT -> "this server is full; try again later";
        };
        ch.config().setAutoRead(false);
        ch.pipeline().addLast(MESSAGE_CODEC, server.codec);
        addExceptionSorter(ch.pipeline());
        ch.writeAndFlush(Replies.error(ErrorCode.SERVER_BUSY, text, server.busyRetryMillis))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
