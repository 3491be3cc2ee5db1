package io.constellation.satellite.wire;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.io.IOException;

/**
 * Writes one protobuf message as one frame: its varint32 length, then its bytes.
 *
 * <p>The frame is serialised straight into one pooled buffer of the exact size, so sending
 * a message allocates no intermediate byte array. Stateless and {@link Sharable}.
 */
@Sharable
public final class FrameEncoder extends MessageToByteEncoder<MessageLite> {

    private final FrameObserver observer;

    public FrameEncoder(FrameObserver observer) {
        super(MessageLite.class);
        this.observer = observer;
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, MessageLite msg, boolean preferDirect) {
        return ctx.alloc().ioBuffer(frameSize(msg.getSerializedSize()));
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, MessageLite msg, ByteBuf out) throws IOException {
        int bodySize = msg.getSerializedSize();
        int frameSize = frameSize(bodySize);
        out.ensureWritable(frameSize);
        if (out.nioBufferCount() == 1) {
            CodedOutputStream cos = CodedOutputStream.newInstance(out.internalNioBuffer(out.writerIndex(), frameSize));
            cos.writeUInt32NoTag(bodySize);
            msg.writeTo(cos);
            cos.flush();
            cos.checkNoSpaceLeft();
            out.writerIndex(out.writerIndex() + frameSize);
        } else {
            byte[] bytes = new byte[frameSize];
            CodedOutputStream cos = CodedOutputStream.newInstance(bytes);
            cos.writeUInt32NoTag(bodySize);
            msg.writeTo(cos);
            cos.checkNoSpaceLeft();
            out.writeBytes(bytes);
        }
        observer.messageOut(msg, frameSize);
    }

    private static int frameSize(int bodySize) {
        return CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize;
    }
}
