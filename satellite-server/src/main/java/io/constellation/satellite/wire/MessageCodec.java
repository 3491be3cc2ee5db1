package io.constellation.satellite.wire;

import com.google.protobuf.CodedOutputStream;
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
import io.netty.handler.codec.MessageToMessageCodec;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Protobuf messages to and from frames. Inbound, parses one frame body (from
 * {@link FrameDecoder}) into one message: a body that does not parse, holds a string that
 * is not valid UTF-8 (protobuf checks proto3 strings while parsing) or sets no member of
 * the message's {@code oneof} fails as {@link ErrorCode#MALFORMED_FRAME}. Outbound, writes
 * a message as one frame, its varint32 length then its bytes, straight into one pooled
 * buffer of the exact size (no intermediate byte array).
 *
 * <p>On the server, a ShareList or ShareDelta is passed on as a {@link ShareFrame}, not as
 * a ClientMessage: read by {@link ShareFrameParser} straight from the frame's bytes (the
 * login path's bulk: no String and no message object per file), or, for a frame that
 * reader leaves to protobuf, parsed by protobuf and then converted. Either way a frame is
 * accepted or refused exactly as protobuf's parser alone would.
 *
 * <p>One handler for both directions, so a channel pays for one pipeline slot, not two.
 * Stateless and {@link Sharable}: one instance serves every channel.
 *
 * @param <T> what arrives: {@link ClientMessage} on the server, {@link ServerMessage} on the client
 */
@Sharable
public final class MessageCodec<T extends MessageLite> extends MessageToMessageCodec<ByteBuf, MessageLite> {

    private final String name;
    private final Parser<T> parser;
    private final Predicate<T> hasBody;
    private final FrameObserver observer;
    /** True on the server: share frames are read by {@link ShareFrameParser}. */
    private final boolean shareFrames;
    /** What a parsed message is passed on as: itself, or a {@link ShareFrame}. */
    private final Function<T, Object> inbound;

    private MessageCodec(String name, Parser<T> parser, Predicate<T> hasBody, FrameObserver observer,
            boolean shareFrames, Function<T, Object> inbound) {
        super(ByteBuf.class, MessageLite.class);
        this.name = name;
        this.parser = parser;
        this.hasBody = hasBody;
        this.observer = observer;
        this.shareFrames = shareFrames;
        this.inbound = inbound;
    }

    /**
     * The server's codec: ClientMessages in (ShareLists and ShareDeltas as
     * {@link ShareFrame}s), ServerMessages out.
     */
    public static MessageCodec<ClientMessage> server(FrameObserver observer) {
        return new MessageCodec<>("ClientMessage", ClientMessage.parser(),
                m -> m.getBodyCase() != ClientMessage.BodyCase.BODY_NOT_SET, observer, true,
                MessageCodec::shareFrameOf);
    }

    private static Object shareFrameOf(ClientMessage m) {
        return switch (m.getBodyCase()) {
            case SHARE_LIST -> ShareFrame.of(m.getShareList());
            case SHARE_DELTA -> ShareFrame.of(m.getShareDelta());
            default -> m;
        };
    }

    /** The client's codec: ServerMessages in, ClientMessages out. */
    public static MessageCodec<ServerMessage> client(FrameObserver observer) {
        return new MessageCodec<>("ServerMessage", ServerMessage.parser(),
                m -> m.getBodyCase() != ServerMessage.BodyCase.BODY_NOT_SET, observer, false, m -> m);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        byte[] body = null;
        if (shareFrames && isShareFrame(frame)) {
            // One copy of the frame (the FileBatch keeps it: its strings are read from it).
            body = ByteBufUtil.getBytes(frame);
            ShareFrame share = ShareFrameParser.parse(body);
            if (share != null) {
                observer.shareFrameIn(share);
                out.add(share);
                return;
            }
        }
        T message;
        try {
            message = body != null ? parser.parseFrom(body) : parse(frame);
        } catch (InvalidProtocolBufferException e) {
            throw new WireException(ErrorCode.MALFORMED_FRAME, "frame is not a valid " + name + ": " + e.getMessage());
        }
        if (!hasBody.test(message)) {
            throw new WireException(ErrorCode.MALFORMED_FRAME, name + " without a message in its body");
        }
        observer.messageIn(message);
        out.add(inbound.apply(message));
    }

    /** Whether the frame starts with the tag of a ShareList or ShareDelta body (in its usual one-byte form). */
    private static boolean isShareFrame(ByteBuf frame) {
        if (!frame.isReadable()) {
            return false;
        }
        byte first = frame.getByte(frame.readerIndex());
        return first == ShareFrameParser.SHARE_LIST_TAG || first == ShareFrameParser.SHARE_DELTA_TAG;
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

    @Override
    protected void encode(ChannelHandlerContext ctx, MessageLite message, List<Object> out) throws IOException {
        int bodySize = message.getSerializedSize();
        int frameSize = CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize;
        ByteBuf buf = ctx.alloc().ioBuffer(frameSize, frameSize);
        try {
            CodedOutputStream cos = buf.nioBufferCount() == 1
                    ? CodedOutputStream.newInstance(buf.internalNioBuffer(0, frameSize))
                    : null;
            if (cos != null) {
                cos.writeUInt32NoTag(bodySize);
                message.writeTo(cos);
                cos.flush();
                cos.checkNoSpaceLeft();
                buf.writerIndex(frameSize);
            } else {
                byte[] bytes = new byte[frameSize];
                CodedOutputStream array = CodedOutputStream.newInstance(bytes);
                array.writeUInt32NoTag(bodySize);
                message.writeTo(array);
                array.checkNoSpaceLeft();
                buf.writeBytes(bytes);
            }
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw e;
        }
        observer.messageOut(message, frameSize);
        out.add(buf);
    }
}
