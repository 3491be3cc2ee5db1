package io.constellation.satellite.testing;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.Heartbeat;
import io.constellation.proto.satellite.v1.Hello;
import io.constellation.proto.satellite.v1.Login;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareDelta;
import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Builds and reads satellite protocol frames by hand, independently of the code under test. */
public final class Frames {

    private Frames() {
    }

    /** {@code message} as one frame: varint32 length, then its bytes. */
    public static byte[] frame(MessageLite message) {
        byte[] body = message.toByteArray();
        return frameOf(body);
    }

    /** A frame around raw body bytes. */
    public static byte[] frameOf(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CodedOutputStream cos = CodedOutputStream.newInstance(out);
            cos.writeUInt32NoTag(body.length);
            cos.flush();
            out.write(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Several messages' frames back to back. */
    public static byte[] frames(MessageLite... messages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MessageLite m : messages) {
            out.writeBytes(frame(m));
        }
        return out.toByteArray();
    }

    /** Reads one ServerMessage frame from a stream; blocks. */
    public static ServerMessage readServerMessage(InputStream in) throws IOException {
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException("connection closed");
            }
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        new DataInputStream(in).readFully(body);
        return ServerMessage.parseFrom(body);
    }

    /** Parses one frame's bytes (length prefix included) as a ServerMessage. */
    public static ServerMessage parseServerFrame(byte[] frame) throws InvalidProtocolBufferException {
        try {
            return readServerMessage(new java.io.ByteArrayInputStream(frame));
        } catch (InvalidProtocolBufferException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ClientMessage hello() {
        return ClientMessage.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(1).setClientName("test").setClientVersion("1")).build();
    }

    public static ClientMessage login(String user, String password) {
        return ClientMessage.newBuilder().setLogin(Login.newBuilder().setUser(user).setPassword(password)).build();
    }

    public static ClientMessage heartbeat(long sentAt) {
        return ClientMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtMs(sentAt)).build();
    }

    public static ClientMessage shareList(int chunk, boolean last, SharedFile... files) {
        return ClientMessage.newBuilder().setShareList(ShareList.newBuilder()
                .setChunkIndex(chunk).setLast(last).addAllFiles(List.of(files))).build();
    }

    public static ClientMessage shareDelta(List<SharedFile> added, List<String> removed) {
        return ClientMessage.newBuilder().setShareDelta(ShareDelta.newBuilder()
                .addAllAdded(added).addAllRemovedPaths(removed)).build();
    }

    /** A file at {@code path} tagged with artist and title. */
    public static SharedFile file(String path, String artist, String title) {
        return SharedFile.newBuilder().setPath(path).setArtist(artist).setTitle(title)
                .setSizeBytes(4_000_000).setBitrateKbps(192).setDurationSeconds(240).build();
    }
}
