package io.constellation.satellite.client.internal;

import io.constellation.proto.satellite.v1.ServerMessage;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * The last handler of a client channel: hands every event to the owning client. Holds no
 * per-channel state, so one instance serves every connection a client makes.
 */
@Sharable
public final class ClientHandler extends SimpleChannelInboundHandler<ServerMessage> {

    private final ClientEvents events;

    public ClientHandler(ClientEvents events) {
        super(ServerMessage.class);
        this.events = events;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        events.connected(ctx.channel());
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ServerMessage message) {
        events.received(ctx.channel(), message);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        events.readComplete(ctx.channel());
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        events.disconnected(ctx.channel());
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        events.failed(ctx.channel(), cause);
    }
}
