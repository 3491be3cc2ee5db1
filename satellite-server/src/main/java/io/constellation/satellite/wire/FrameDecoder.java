package io.constellation.satellite.wire;

import io.constellation.proto.satellite.v1.ErrorCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.function.Supplier;

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
 * <p>Stateful (the partial frame): one instance per channel, on its event loop. Not a
 * {@code ByteToMessageDecoder}: that one keeps a dozen fields per channel (48 bytes), this
 * one three (24 bytes with {@link #perChannel}), and between frames it holds no buffer at
 * all, so an idle connection pins no memory here.
 */
public final class FrameDecoder extends ChannelInboundHandlerAdapter {

    /** A varint32 takes at most five bytes. */
    private static final int MAX_PREFIX_BYTES = 5;

    /** What every decoder of a server shares: one reference per channel instead of two fields. */
    private record Limits(int maxFrameBytes, FrameObserver observer) {
        Limits {
            if (maxFrameBytes <= 0) {
                throw new IllegalArgumentException("max frame bytes must be positive: " + maxFrameBytes);
            }
        }
    }

    private final Limits limits;
    /** The bytes of an incomplete frame, kept for the next read; null when there are none. */
    private ByteBuf partial;
    private boolean failed;

    /**
     * @param maxFrameBytes the largest frame body accepted, in bytes (the prefix excluded)
     * @param observer      told how many bytes arrive
     */
    public FrameDecoder(int maxFrameBytes, FrameObserver observer) {
        this(new Limits(maxFrameBytes, observer));
    }

    private FrameDecoder(Limits limits) {
        this.limits = limits;
    }

    /**
     * New decoders, one per channel, that share their limits: for servers with many
     * connections, where each field of a per-channel handler counts.
     */
    public static Supplier<FrameDecoder> perChannel(int maxFrameBytes, FrameObserver observer) {
        Limits limits = new Limits(maxFrameBytes, observer);
        return () -> new FrameDecoder(limits);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        limits.observer().bytesIn(buf.readableBytes());
        if (failed) {
            buf.release();
            return;
        }
        ByteBuf in = partial == null ? buf : append(ctx.alloc(), partial, buf);
        partial = null;
        try {
            while (!failed && in.isReadable() && !ctx.isRemoved()) {
                ByteBuf frame = nextFrame(in);
                if (frame == null) {
                    break;
                }
                ctx.fireChannelRead(frame);
            }
        } finally {
            keepOrRelease(ctx, in);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releasePartial(); // a truncated frame at close is nothing
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releasePartial();
    }

    /** The next frame's body as a retained slice of {@code in}, or null if it is not all there. */
    private ByteBuf nextFrame(ByteBuf in) {
        int start = in.readerIndex();
        int end = in.writerIndex();
        long length = 0;
        int i = start;
        for (int shift = 0; ; shift += 7) {
            if (i - start == MAX_PREFIX_BYTES) {
                throw fail(ErrorCode.MALFORMED_FRAME, "frame length prefix longer than five bytes");
            }
            if (i == end) {
                return null; // the prefix is incomplete: wait for more bytes
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
        if (length > limits.maxFrameBytes()) {
            throw fail(ErrorCode.FRAME_TOO_LARGE,
                    "frame of " + length + " bytes is over the limit of " + limits.maxFrameBytes() + " bytes");
        }
        if (end - i < length) {
            return null; // the body is incomplete: at most maxFrameBytes are ever buffered
        }
        in.readerIndex(i);
        return in.readRetainedSlice((int) length);
    }

    /** Keeps what is left of {@code in} as the partial frame, or releases it when nothing is. */
    private void keepOrRelease(ChannelHandlerContext ctx, ByteBuf in) {
        if (failed || !in.isReadable() || ctx.isRemoved()) {
            in.release();
            return;
        }
        if (in.refCnt() == 1) {
            // No slice of it is alive downstream, so its bytes may move; spares a copy later.
            in.discardSomeReadBytes();
        }
        partial = in;
    }

    /**
     * {@code more} after {@code partial}: in place when {@code partial} has room and no
     * slice of it is alive (a write might move bytes a slice sees), else in a new buffer.
     * Releases {@code more}, and {@code partial} if it is replaced.
     */
    private static ByteBuf append(ByteBufAllocator alloc, ByteBuf partial, ByteBuf more) {
        try {
            if (partial.refCnt() == 1 && !partial.isReadOnly()
                    && partial.maxWritableBytes() >= more.readableBytes()) {
                partial.writeBytes(more);
                return partial;
            }
            ByteBuf merged = alloc.ioBuffer(partial.readableBytes() + more.readableBytes());
            merged.writeBytes(partial).writeBytes(more);
            partial.release();
            return merged;
        } finally {
            more.release();
        }
    }

    private void releasePartial() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }

    private WireException fail(ErrorCode code, String message) {
        failed = true;
        return new WireException(code, message);
    }
}
