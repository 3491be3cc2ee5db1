package io.constellation.satellite.client.internal;

import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.satellite.wire.FrameDecoder;
import io.constellation.satellite.wire.FrameObserver;
import io.constellation.satellite.wire.MessageCodec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelInitializer;

/**
 * A client connection's pipeline: frame decoder → message codec (both ways) → client
 * handler. Bytes become frames before frames become messages, so the handler sees whole
 * server messages only. {@link Sharable}: one per client.
 */
@Sharable
public final class ClientChannelInitializer extends ChannelInitializer<Channel> {

    public static final String FRAME_DECODER = "frame-decoder";
    public static final String MESSAGE_CODEC = "message-codec";
    public static final String CLIENT = "client";

    private static final MessageCodec<ServerMessage> CODEC = MessageCodec.client(FrameObserver.NONE);

    private final int maxFrameBytes;
    private final ClientHandler handler;

    public ClientChannelInitializer(int maxFrameBytes, ClientEvents events) {
        this.maxFrameBytes = maxFrameBytes;
        this.handler = new ClientHandler(events);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline()
                .addLast(FRAME_DECODER, new FrameDecoder(maxFrameBytes, FrameObserver.NONE))
                .addLast(MESSAGE_CODEC, CODEC)
                .addLast(CLIENT, handler);
    }
}
