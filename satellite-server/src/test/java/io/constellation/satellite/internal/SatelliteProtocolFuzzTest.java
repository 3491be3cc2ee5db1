package io.constellation.satellite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.Heartbeat;
import io.constellation.proto.satellite.v1.Hello;
import io.constellation.proto.satellite.v1.Login;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareDelta;
import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.internal.EmbeddedSatellite.Conn;
import io.constellation.satellite.testing.Frames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzzes the frame decoder, the message decoder and the connection state machine together,
 * through the server's real pipeline on an EmbeddedChannel. Whatever arrives, the server
 * must only ever send valid ServerMessages, never an INTERNAL error (that would be our
 * bug), nothing after an Error, close after an Error, let no exception escape the
 * pipeline, and leave no availability behind once the connection is closed.
 *
 * <p>Runs in regression mode in the normal build, over the committed inputs in
 * {@code SatelliteProtocolFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class SatelliteProtocolFuzzTest {

    /** The bytes a satellite sends, in one read, then the deadlines pass. */
    @FuzzTest(maxDuration = "2m")
    void anyByteStream(byte[] input) {
        EmbeddedSatellite server = new EmbeddedSatellite();
        server.authenticator.add("u", "pw");
        Conn c = server.connect();
        List<ServerMessage> sent = new ArrayList<>();
        c.sendBytes(input);
        sent.addAll(c.replies());
        server.advance(Duration.ofMinutes(2), c);
        sent.addAll(c.replies());
        checkAndClose(server, c, sent);
    }

    /**
     * A session steered by the fuzzer: valid and broken messages, raw bytes, split reads,
     * answers that take time, and the clock moving.
     */
    @FuzzTest(maxDuration = "2m")
    void anySession(FuzzedDataProvider data) {
        EmbeddedSatellite server = new EmbeddedSatellite();
        server.authenticator.add("u", "pw");
        if (data.consumeBoolean()) {
            server.authenticator.hold();
        }
        if (data.consumeBoolean()) {
            server.resolver.hold();
        }
        Conn c = server.connect();
        List<ServerMessage> sent = new ArrayList<>();
        int steps = 0;
        while (data.remainingBytes() > 0 && c.open() && steps++ < 64) {
            switch (data.consumeInt(0, 5)) {
                case 0 -> c.sendBytes(data.consumeBytes(data.consumeInt(0, 64)));
                case 1 -> c.send(message(data));
                case 2 -> dribble(c, Frames.frame(message(data)));
                case 3 -> server.advance(Duration.ofMillis(data.consumeLong(0, 60_000)), c);
                case 4 -> {
                    server.authenticator.releaseAll();
                    server.resolver.releaseAll();
                    c.runTasks();
                }
                default -> c.send(message(data), message(data), message(data));
                // Each step may close the connection; the loop stops there.
            }
            sent.addAll(c.replies());
        }
        server.authenticator.releaseAll();
        server.resolver.releaseAll();
        c.runTasks();
        sent.addAll(c.replies());
        checkAndClose(server, c, sent);
    }

    private static void dribble(Conn c, byte[] frame) {
        for (int i = 0; i < frame.length && c.open(); i++) {
            c.sendBytes(new byte[] {frame[i]});
        }
    }

    private static ClientMessage message(FuzzedDataProvider data) {
        ClientMessage.Builder m = ClientMessage.newBuilder();
        switch (data.consumeInt(0, 5)) {
            case 0 -> m.setHello(Hello.newBuilder().setProtocolVersion(data.consumeInt(0, 2))
                    .setClientName(data.consumeString(80)));
            case 1 -> m.setLogin(Login.newBuilder().setUser(data.consumeBoolean() ? "u" : data.consumeString(70))
                    .setPassword(data.consumeBoolean() ? "pw" : data.consumeString(10)));
            case 2 -> m.setShareList(ShareList.newBuilder().setChunkIndex(data.consumeInt(0, 3))
                    .setLast(data.consumeBoolean()).addAllFiles(files(data)));
            case 3 -> m.setShareDelta(ShareDelta.newBuilder().addAllAdded(files(data))
                    .addAllRemovedPaths(paths(data)));
            case 4 -> m.setHeartbeat(Heartbeat.newBuilder().setSentAtMs(data.consumeLong()));
            default -> m.setError(io.constellation.proto.satellite.v1.Error.newBuilder()
                    .setCodeValue(data.consumeInt(0, 12)));
        }
        return m.build();
    }

    private static List<SharedFile> files(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 12);
        List<SharedFile> files = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            files.add(SharedFile.newBuilder()
                    .setPath("/" + data.consumeInt(0, 30))
                    .setArtist(data.consumeBoolean() ? "A" + data.consumeInt(0, 5) : data.consumeString(8))
                    .setTitle(data.consumeBoolean() ? "T" : "")
                    .build());
        }
        return files;
    }

    private static List<String> paths(FuzzedDataProvider data) {
        int n = data.consumeInt(0, 5);
        List<String> paths = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            paths.add("/" + data.consumeInt(0, 30));
        }
        return paths;
    }

    private static void checkAndClose(EmbeddedSatellite server, Conn c, List<ServerMessage> sent) {
        for (int i = 0; i < sent.size(); i++) {
            ServerMessage m = sent.get(i);
            assertNotEquals(ServerMessage.BodyCase.BODY_NOT_SET, m.getBodyCase());
            if (m.hasError()) {
                assertNotEquals(ErrorCode.INTERNAL, m.getError().getCode(), "a server bug: " + m.getError());
                assertNotEquals(ErrorCode.ERROR_CODE_UNSPECIFIED, m.getError().getCode());
                assertEquals(sent.size() - 1, i, "nothing follows an Error: " + sent);
                assertFalse(c.open(), "the connection closes after an Error");
            }
        }
        c.close();
        assertEquals(0, server.counts.violations(), "the counts contract held");
        assertEquals(0, server.counts.total(), "a closed connection leaves no availability behind");
        assertEquals(0, server.context.openConnections());
        assertEquals(0, server.context.onlineSessions());
    }
}
