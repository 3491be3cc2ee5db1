package io.constellation.satellite.client;

import com.google.protobuf.CodedOutputStream;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.client.internal.ShareChunks;
import io.constellation.satellite.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A share list ready to send again and again: its files with one per path (a later file of
 * a path takes the earlier one's place), those over the protocol's field limits left out,
 * and, once a client has sent it, its ShareList frames in a direct buffer. A satellite re-sends the
 * same list at every reconnect, so the list is checked once and encoded once per server
 * limits, not at every login (encoding 300 files costs more CPU than the rest of a login
 * on the client side).
 *
 * <p>Immutable and thread-safe: clients on different event loops may share one (a load
 * generator's successive clients of one simulated satellite do). The frames are cached
 * for the limits of the last server that asked; two clients racing on different limits
 * only encode again.
 */
public final class EncodedShareList {

    private static final EncodedShareList EMPTY = new EncodedShareList(List.of(), 0);

    private final List<SharedFile> files;
    private final int rejected;
    /** The latest encoding; replaced whole, never changed in place. */
    private volatile Frames frames;

    private EncodedShareList(List<SharedFile> files, int rejected) {
        this.files = files;
        this.rejected = rejected;
    }

    /** The list of {@code files}: one per path, the last of each path at the place of the first. */
    public static EncodedShareList of(Collection<SharedFile> files) {
        if (files.isEmpty()) {
            return EMPTY;
        }
        Map<String, SharedFile> byPath = new LinkedHashMap<>(files.size() * 2);
        for (SharedFile f : files) {
            byPath.put(f.getPath(), f);
        }
        return ofDistinct(byPath.values());
    }

    /** The list of {@code files}, whose paths are distinct already. */
    static EncodedShareList ofDistinct(Collection<SharedFile> files) {
        SharedFile[] valid = new SharedFile[files.size()];
        int n = 0;
        for (SharedFile f : files) {
            if (WireLimits.checkFile(f) == null) {
                valid[n++] = f;
            }
        }
        return new EncodedShareList(List.of(Arrays.copyOf(valid, n)), files.size() - n);
    }

    /** The files sent: one per path, within the field limits, in order. */
    public List<SharedFile> files() {
        return files;
    }

    /** Files left out because a field is over the protocol's limits. */
    public int rejected() {
        return rejected;
    }

    /**
     * The ShareList frames (length prefix and ClientMessage each) of the first
     * {@code maxFiles} files in chunks of at most {@code perChunk} files and
     * {@code maxFrameBytes} bytes. Cached: the same limits give the same buffer.
     *
     * <p>The buffer is direct and unreleasable, shared by every client of this list: send a
     * {@link ByteBuf#duplicate() duplicate} of it (its own indexes; releasing it does nothing),
     * never the buffer itself, and never write into it. Direct, so that a socket write takes
     * its bytes where they are: a heap array was copied into a new pooled direct buffer at
     * every login. Its memory is the JDK's, freed by the garbage collector once this list is
     * unreachable.
     */
    ByteBuf frames(int perChunk, int maxFrameBytes, int maxFiles) {
        Frames f = frames;
        if (f == null || f.perChunk != perChunk || f.maxFrameBytes != maxFrameBytes || f.maxFiles != maxFiles) {
            f = new Frames(perChunk, maxFrameBytes, maxFiles,
                    direct(encode(files.subList(0, Math.min(files.size(), Math.max(0, maxFiles))), perChunk, maxFrameBytes)));
            frames = f;
        }
        return f.buffer;
    }

    private static ByteBuf direct(byte[] bytes) {
        ByteBuffer copy = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(copy));
    }

    private static byte[] encode(List<SharedFile> files, int perChunk, int maxFrameBytes) {
        List<ShareList> chunks = ShareChunks.split(files, perChunk, maxFrameBytes);
        ClientMessage[] messages = new ClientMessage[chunks.size()];
        int total = 0;
        for (int i = 0; i < messages.length; i++) {
            messages[i] = ClientMessage.newBuilder().setShareList(chunks.get(i)).build();
            int size = messages[i].getSerializedSize();
            total += CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        byte[] bytes = new byte[total];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            for (ClientMessage m : messages) {
                out.writeUInt32NoTag(m.getSerializedSize());
                m.writeTo(out);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("encoding a share list into an array of its exact size", e);
        }
        return bytes;
    }

    private record Frames(int perChunk, int maxFrameBytes, int maxFiles, ByteBuf buffer) {
    }
}
