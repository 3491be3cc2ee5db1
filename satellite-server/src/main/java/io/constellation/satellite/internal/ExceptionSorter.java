package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.satellite.wire.WireException;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of every satellite channel: sorts what went wrong.
 * <ul>
 *   <li>{@link WireException} (bad bytes, oversize frame): the satellite's fault; it is
 *       told the code, counted and closed by its {@link ConnectionHandler}.</li>
 *   <li>{@link IOException} (reset, broken pipe): the network's; closed quietly.</li>
 *   <li>anything else: our bug; logged with its stack, the satellite gets INTERNAL.</li>
 * </ul>
 * Stateless and {@link Sharable}. On a {@link CompactEpollChannel} the pipeline's tail
 * ({@link SortingPipeline}) does the same through {@link #sort}, and this handler is not added.
 */
@Sharable
final class ExceptionSorter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ExceptionSorter.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        sort(ctx.pipeline(), cause);
    }

    /** Deals with {@code cause}, which reached the end of {@code pipeline}. On the channel's event loop. */
    static void sort(ChannelPipeline pipeline, Throwable cause) {
        ConnectionHandler connection = pipeline.get(ConnectionHandler.class);
        if (connection == null) {
            log.debug("exception on a refused connection", cause);
            pipeline.close();
        } else if (cause instanceof WireException wire) {
            connection.violation(wire.code(), wire.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("c{} network error: {}", connection.id(), cause.toString());
            connection.closeNow();
        } else {
            log.warn("c{} unexpected error in state {}", connection.id(), connection.state(), cause);
            connection.violation(ErrorCode.INTERNAL, "server error; try again later");
        }
    }
}
