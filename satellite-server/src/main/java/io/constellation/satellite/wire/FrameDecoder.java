package io.constellation.satellite.wire;

import io.constellation.proto.satellite.v1.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames: a varint32 length, then that many bytes. Emits each
 * frame's body as a retained slice (the length prefix stripped) for {@link MessageCodec}.
 *
 * <p>A length over {@code maxFrameBytes} fails as soon as the prefix has been read, before
 * any of the body is buffered ({@link ErrorCode#FRAME_TOO_LARGE}); a prefix longer than
 * five bytes or over 2^31-1 fails as {@link ErrorCode#MALFORMED_FRAME}. After a failure
 * every further byte is dropped: the connection is being closed and nothing it sent later
 * may be acted upon.
 *
 * <p>Stateful (the partial frame): one instance per channel.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** A varint32 takes at most five bytes. */
    private static final int MAX_PREFIX_BYTES = 5;

    private final int maxFrameBytes;
    private final FrameObserver observer;
    private boolean failed;

    /**
     * @param maxFrameBytes the largest frame body accepted, in bytes (the prefix excluded)
     * @param observer      told how many bytes arrive
     */
    public FrameDecoder(int maxFrameBytes, FrameObserver observer) {
        if (maxFrameBytes <= 0) {
            throw new IllegalArgumentException("max frame bytes must be positive: " + maxFrameBytes);
        }
        this.maxFrameBytes = maxFrameBytes;
        this.observer = observer;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof ByteBuf buf) {
            observer.bytesIn(buf.readableBytes());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        // Each call returns one frame at most; ByteToMessageDecoder calls again while bytes remain.
        int start = in.readerIndex();
        int end = in.writerIndex();
        long length = 0;
        int i = start;
        for (int shift = 0; ; shift += 7) {
            if (i - start == MAX_PREFIX_BYTES) {
                throw fail(ErrorCode.MALFORMED_FRAME, "frame length prefix longer than five bytes");
            }
            if (i == end) {
                return; // the prefix is incomplete: wait for more bytes
            }
            byte b = in.getByte(i++);
            length |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                break;
            }
        }
        if (length > Integer.MAX_VALUE) {
            throw fail(ErrorCode.MALFORMED_FRAME, "frame length prefix over 2^31-1");
        }
        if (length > maxFrameBytes) {
            throw fail(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + length + " bytes is over the limit of " + maxFrameBytes + " bytes");
        }
        int prefix = i - start;
        if (end - i < length) {
            return; // the body is incomplete: at most maxFrameBytes are ever buffered
        }
        in.skipBytes(prefix);
        out.add(in.readRetainedSlice((int) length));
    }

    private WireException fail(ErrorCode code, String message) {
        failed = true;
        return new WireException(code, message);
    }
}
