package io.constellation.satellite.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.function.Predicate;

/**
 * Parses one frame body (from {@link FrameDecoder}) into one protobuf message. A body that
 * does not parse, holds a string that is not valid UTF-8 (protobuf checks proto3 strings
 * while parsing) or sets no member of the message's {@code oneof} fails as
 * {@link ErrorCode#MALFORMED_FRAME}.
 *
 * <p>Stateless and {@link Sharable}: one instance serves every channel.
 *
 * @param <T> {@link ClientMessage} on the server, {@link ServerMessage} on the client
 */
@Sharable
public final class MessageDecoder<T extends MessageLite> extends MessageToMessageDecoder<ByteBuf> {

    private final String name;
    private final Parser<T> parser;
    private final Predicate<T> hasBody;
    private final FrameObserver observer;

    private MessageDecoder(String name, Parser<T> parser, Predicate<T> hasBody, FrameObserver observer) {
        super(ByteBuf.class);
        this.name = name;
        this.parser = parser;
        this.hasBody = hasBody;
        this.observer = observer;
    }

    /** The server's decoder: frames from a satellite. */
    public static MessageDecoder<ClientMessage> clientMessages(FrameObserver observer) {
        return new MessageDecoder<>("ClientMessage", ClientMessage.parser(),
                m -> m.getBodyCase() != ClientMessage.BodyCase.BODY_NOT_SET, observer);
    }

    /** The client's decoder: frames from a satellite server. */
    public static MessageDecoder<ServerMessage> serverMessages(FrameObserver observer) {
        return new MessageDecoder<>("ServerMessage", ServerMessage.parser(),
                m -> m.getBodyCase() != ServerMessage.BodyCase.BODY_NOT_SET, observer);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        T message;
        try {
            message = parse(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new WireException(ErrorCode.MALFORMED_FRAME, "frame is not a valid " + name + ": " + e.getMessage());
        }
        if (!hasBody.test(message)) {
            throw new WireException(ErrorCode.MALFORMED_FRAME, name + " without a message in its body");
        }
        observer.messageIn(message);
        out.add(message);
    }

    private T parse(ByteBuf frame) throws InvalidProtocolBufferException {
        // A frame is a slice of one contiguous cumulation buffer, so the view below copies
        // nothing; protobuf copies strings and bytes out of it (no aliasing), so the frame
        // may be released as soon as this returns.
        if (frame.nioBufferCount() == 1) {
            return parser.parseFrom(frame.nioBuffer());
        }
        return parser.parseFrom(ByteBufUtil.getBytes(frame));
    }
}
