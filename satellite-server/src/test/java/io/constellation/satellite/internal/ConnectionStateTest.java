package io.constellation.satellite.internal;

import static io.constellation.satellite.testing.Frames.file;
import static io.constellation.satellite.testing.Frames.heartbeat;
import static io.constellation.satellite.testing.Frames.hello;
import static io.constellation.satellite.testing.Frames.login;
import static io.constellation.satellite.testing.Frames.shareDelta;
import static io.constellation.satellite.testing.Frames.shareList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.Hello;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.internal.EmbeddedSatellite.Conn;
import io.constellation.satellite.login.LoginOutcome;
import io.constellation.satellite.testing.Frames;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The protocol's order rules, through the whole server pipeline on an EmbeddedChannel. */
class ConnectionStateTest {

    private final EmbeddedSatellite server = new EmbeddedSatellite();

    /** Every message kind in every state a satellite can put a connection in. */
    static Stream<Arguments> everyMessageInEveryState() {
        ClientMessage chunk0 = shareList(0, false, file("/a.mp3", "A", "a"));
        ClientMessage chunk1 = shareList(1, false, file("/b.mp3", "B", "b"));
        ClientMessage last0 = shareList(0, true, file("/a.mp3", "A", "a"));
        ClientMessage last1 = shareList(1, true, file("/b.mp3", "B", "b"));
        ClientMessage delta = shareDelta(List.of(file("/c.mp3", "C", "c")), List.of());
        List<ClientMessage> none = List.of();
        List<ClientMessage> helloed = List.of(hello());
        List<ClientMessage> online = List.of(hello(), login("u", "pw-u"));
        List<ClientMessage> receiving = List.of(hello(), login("u", "pw-u"), chunk0);
        List<Arguments> cases = new ArrayList<>();
        add(cases, "CONNECTED", none, "Hello", hello(), true);
        add(cases, "CONNECTED", none, "Login", login("u", "pw-u"), false);
        add(cases, "CONNECTED", none, "ShareList", chunk0, false);
        add(cases, "CONNECTED", none, "ShareList", last0, false);
        add(cases, "CONNECTED", none, "ShareDelta", delta, false);
        add(cases, "CONNECTED", none, "Heartbeat", heartbeat(1), false);
        add(cases, "HELLO_RECEIVED", helloed, "Hello", hello(), false);
        add(cases, "HELLO_RECEIVED", helloed, "Login", login("u", "pw-u"), true);
        add(cases, "HELLO_RECEIVED", helloed, "ShareList", chunk0, false);
        add(cases, "HELLO_RECEIVED", helloed, "ShareList", last0, false);
        add(cases, "HELLO_RECEIVED", helloed, "ShareDelta", delta, false);
        add(cases, "HELLO_RECEIVED", helloed, "Heartbeat", heartbeat(1), false);
        add(cases, "ONLINE", online, "Hello", hello(), false);
        add(cases, "ONLINE", online, "Login", login("u", "pw-u"), false);
        add(cases, "ONLINE", online, "ShareList", chunk0, true);
        add(cases, "ONLINE", online, "ShareList", last0, true);
        add(cases, "ONLINE", online, "ShareDelta", delta, true);
        add(cases, "ONLINE", online, "Heartbeat", heartbeat(1), true);
        add(cases, "RECEIVING_LIST", receiving, "Hello", hello(), false);
        add(cases, "RECEIVING_LIST", receiving, "Login", login("u", "pw-u"), false);
        add(cases, "RECEIVING_LIST", receiving, "ShareList", chunk1, true);
        add(cases, "RECEIVING_LIST", receiving, "ShareList", last1, true);
        add(cases, "RECEIVING_LIST", receiving, "ShareDelta", delta, false);
        add(cases, "RECEIVING_LIST", receiving, "Heartbeat", heartbeat(1), true);
        return cases.stream();
    }

    private static void add(List<Arguments> cases, String state, List<ClientMessage> prefix, String name,
            ClientMessage message, boolean allowed) {
        cases.add(Arguments.of(state, prefix, name, message, allowed));
    }

    @ParameterizedTest(name = "{2} in {0}: allowed={4}")
    @MethodSource("everyMessageInEveryState")
    void onlyTheMessagesTheOrderRulesAllowAreAccepted(String state, List<ClientMessage> prefix, String name,
            ClientMessage message, boolean allowed) {
        server.authenticator.add("u", "pw-u");
        Conn c = server.connect();
        for (ClientMessage m : prefix) {
            c.send(m);
        }
        assertEquals(state, c.state().name());
        c.replies();

        c.send(message);

        List<ServerMessage> replies = c.replies();
        double violations = server.counter(SatelliteMetrics.PROTOCOL_ERRORS, SatelliteMetrics.TAG_REASON,
                "protocol_violation");
        if (allowed) {
            assertTrue(c.open(), "connection closed after an allowed message");
            assertTrue(replies.stream().noneMatch(ServerMessage::hasError), replies.toString());
            assertEquals(0, violations);
        } else {
            assertEquals(1, replies.size(), replies.toString());
            Error error = replies.get(0).getError();
            assertEquals(ErrorCode.PROTOCOL_VIOLATION, error.getCode());
            assertTrue(error.getMessage().contains(name) && error.getMessage().contains(state), error.getMessage());
            assertFalse(c.open(), "connection open after a violation");
            assertEquals(1, violations);
        }
        c.close();
        assertEquals(0, server.counts.total(), "a closed connection leaves no availability behind");
    }

    @Test
    void everyStateFitsTheThreeBitsAConnectionKeepsItIn() {
        assertTrue(ConnectionState.values().length <= 8,
                "ConnectionHandler packs the state's ordinal into 3 bits of its flags; widen STATE_MASK");
    }

    @Test
    void aWholeSessionGoesHelloLoginShareListHeartbeat() {
        server.authenticator.add("alice", "secret");
        Conn c = server.connect();

        c.send(hello());
        ServerMessage welcome = c.reply();
        assertEquals(1, welcome.getWelcome().getProtocolVersion());
        assertEquals(10, welcome.getWelcome().getMaxFilesPerChunk());
        assertEquals(25, welcome.getWelcome().getMaxSharedFiles());
        assertEquals(10_000, welcome.getWelcome().getHeartbeatIntervalMs());
        assertEquals(4096, welcome.getWelcome().getMaxFrameBytes());

        c.send(login("alice", "secret"));
        ServerMessage accepted = c.reply();
        assertEquals(3, accepted.getLoginAccepted().getMaxSend());
        assertEquals(5, accepted.getLoginAccepted().getMaxRecv());

        c.send(shareList(0, false, file("/1.mp3", "Toto", "Africa"), file("/2.mp3", "Toto", "Rosanna")));
        assertEquals(List.of(), c.replies(), "no answer before the last chunk");
        c.send(shareList(1, true, file("/3.mp3", "Toto", "Africa"), file("/4.mp3", "", "untagged")));
        ShareAck ack = c.reply().getShareAck();
        assertEquals(3, ack.getAccepted());
        assertEquals(1, ack.getRejected());
        assertEquals(3, ack.getSharedFiles());
        assertEquals(2, ack.getSharedTracks());
        assertEquals(1, server.counts.count(server.resolver.trackId("Toto", "Africa", "")),
                "two copies of one track count once per session");
        assertEquals(2, server.counts.total());

        c.send(heartbeat(1234));
        assertEquals(1234, c.reply().getHeartbeat().getSentAtMs());
        assertEquals(ConnectionState.ONLINE, c.state());

        c.close();
        assertEquals(0, server.counts.total());
        assertEquals(0, server.counts.violations());
        assertEquals(0, server.context.openConnections());
    }

    @Test
    void aHundredFramesInOneReadAreAnsweredWithOneFlush() {
        Conn c = server.connect();
        c.login("u");
        int before = c.flushes;
        ClientMessage[] beats = new ClientMessage[100];
        for (int i = 0; i < beats.length; i++) {
            beats[i] = heartbeat(i);
        }
        c.send(beats);
        List<ServerMessage> replies = c.replies();
        assertEquals(100, replies.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, replies.get(i).getHeartbeat().getSentAtMs());
        }
        assertEquals(1, c.flushes - before, "one flush for the whole read");
        c.close();
    }

    @Test
    void aSatelliteDribblingOneByteAtATimeLogsIn() {
        server.authenticator.add("u", "pw");
        Conn c = server.connect();
        byte[] bytes = Frames.frames(hello(), login("u", "pw"));
        for (byte b : bytes) {
            c.sendBytes(new byte[] {b});
        }
        List<ServerMessage> replies = c.replies();
        assertEquals(2, replies.size());
        assertTrue(replies.get(0).hasWelcome());
        assertTrue(replies.get(1).hasLoginAccepted());
        c.close();
    }

    @Test
    void aChunkOutOfOrderIsAViolation() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, false, file("/a", "A", "a")));
        c.send(shareList(2, true, file("/b", "B", "b")));
        Error e = c.reply().getError();
        assertEquals(ErrorCode.PROTOCOL_VIOLATION, e.getCode());
        assertTrue(e.getMessage().contains("expected chunk 1"), e.getMessage());
        assertFalse(c.open());
    }

    @Test
    void aRepeatedChunkIsAViolation() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, false, file("/a", "A", "a")));
        c.send(shareList(0, false, file("/b", "B", "b")));
        assertEquals(ErrorCode.PROTOCOL_VIOLATION, c.reply().getError().getCode());
    }

    @Test
    void aListThatDoesNotStartAtChunkZeroIsAViolation() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(1, true, file("/a", "A", "a")));
        assertEquals(ErrorCode.PROTOCOL_VIOLATION, c.reply().getError().getCode());
    }

    @Test
    void aChunkOverTheFilesPerChunkLimitIsTooManyFiles() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, true, files(0, 11)));
        assertEquals(ErrorCode.TOO_MANY_FILES, c.reply().getError().getCode());
        assertEquals(1, server.counter(SatelliteMetrics.PROTOCOL_ERRORS, SatelliteMetrics.TAG_REASON, "too_many_files"));
    }

    @Test
    void aListOverTheSharedFilesLimitIsTooManyFiles() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, false, files(0, 10)), shareList(1, false, files(10, 20)));
        assertEquals(List.of(), c.replies());
        c.send(shareList(2, true, files(20, 26)));
        assertEquals(ErrorCode.TOO_MANY_FILES, c.reply().getError().getCode());
        assertEquals(0, server.counts.total());
    }

    @Test
    void aDeltaThatWouldPassTheSharedFilesLimitIsTooManyFiles() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, false, files(0, 10)), shareList(1, true, files(10, 20)));
        assertEquals(20, c.reply().getShareAck().getSharedFiles());
        c.send(shareDelta(List.of(files(20, 25)), List.of("/f0")));
        assertEquals(24, c.reply().getShareAck().getSharedFiles(), "one removed, five added: 24 of 25");
        c.send(shareDelta(List.of(files(30, 32)), List.of()));
        assertEquals(ErrorCode.TOO_MANY_FILES, c.reply().getError().getCode());
    }

    @Test
    void fieldsOverTheirLimitsAreInvalid() {
        assertInvalid(login("x".repeat(65), "pw"), true);
        assertInvalid(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
                .setClientName("n".repeat(65))).build(), false);
        assertInvalid(shareList(0, true, file("/" + "p".repeat(1024), "A", "a")), true);
        assertInvalid(shareList(0, true, file("/a", "A".repeat(256), "a")), true);
        assertInvalid(shareDelta(List.of(), List.of("/" + "p".repeat(1024))), true);
    }

    private void assertInvalid(ClientMessage message, boolean afterHello) {
        server.authenticator.add("u", "pw-u");
        Conn c = server.connect();
        if (afterHello) {
            c.send(hello());
            if (!message.hasLogin()) {
                c.send(login("u", "pw-u"));
            }
            c.replies();
        }
        c.send(message);
        assertEquals(ErrorCode.INVALID_FIELD, c.reply().getError().getCode(), message.toString());
        assertFalse(c.open());
    }

    @Test
    void helloTellsTheTransferPortAndFirewallThatTheConnectionKeeps() {
        Conn c = server.connect();
        c.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
                .setTransferPort(6346).setFirewalled(true)).build());
        assertTrue(c.reply().hasWelcome());
        ConnectionHandler h = c.channel.pipeline().get(ConnectionHandler.class);
        assertEquals(6346, h.transferPort());
        assertTrue(h.firewalled());
    }

    @Test
    void aTransferPortThatIsNoTcpPortIsInvalid() {
        Conn c = server.connect();
        c.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(1)
                .setTransferPort(70_000)).build());
        assertEquals(ErrorCode.INVALID_FIELD, c.reply().getError().getCode());
    }

    @Test
    void anUnsupportedVersionIsRefused() {
        Conn c = server.connect();
        c.send(ClientMessage.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(2)).build());
        Error e = c.reply().getError();
        assertEquals(ErrorCode.UNSUPPORTED_VERSION, e.getCode());
        assertTrue(e.getMessage().contains("version 1"), e.getMessage());
        assertFalse(c.open());
    }

    @Test
    void aWrongPasswordIsLoginFailed() {
        server.authenticator.add("u", "right");
        Conn c = server.connect();
        c.send(hello(), login("u", "wrong"));
        List<ServerMessage> replies = c.replies();
        assertEquals(ErrorCode.LOGIN_FAILED, replies.get(1).getError().getCode());
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.LOGINS, SatelliteMetrics.TAG_OUTCOME, "bad_credentials"));
        assertEquals(0, server.counter(SatelliteMetrics.PROTOCOL_ERRORS, SatelliteMetrics.TAG_REASON, "login_failed"));
    }

    @Test
    void aThrottledLoginCarriesRetryAfter() {
        server.authenticator.rejectAll(new LoginOutcome.Rejected(
                LoginOutcome.Reason.THROTTLED, "slow down", 7000));
        Conn c = server.connect();
        c.send(hello(), login("u", "pw"));
        Error e = c.replies().get(1).getError();
        assertEquals(ErrorCode.LOGIN_THROTTLED, e.getCode());
        assertEquals(7000, e.getRetryAfterMs());
        assertEquals(1, server.counter(SatelliteMetrics.LOGINS, SatelliteMetrics.TAG_OUTCOME, "throttled"));
    }

    @Test
    void anUnavailableCatalogAtLoginIsServerBusyWithRetryAfter() {
        server.authenticator.rejectAll(new LoginOutcome.Rejected(
                LoginOutcome.Reason.UNAVAILABLE, "catalog down", 0));
        Conn c = server.connect();
        c.send(hello(), login("u", "pw"));
        Error e = c.replies().get(1).getError();
        assertEquals(ErrorCode.SERVER_BUSY, e.getCode());
        assertEquals(server.config.busyRetryAfter().toMillis(), e.getRetryAfterMs());
    }

    @Test
    void aSatelliteReportingAnErrorIsClosedAndCounted() {
        Conn c = server.connect();
        c.send(ClientMessage.newBuilder().setError(Error.newBuilder()
                .setCode(ErrorCode.MALFORMED_FRAME).setMessage("could not parse")).build());
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.CLIENT_ERRORS, SatelliteMetrics.TAG_CODE, "malformed_frame"));
    }

    @Test
    void malformedBytesGetAnErrorThenAClose() {
        Conn c = server.connect();
        c.sendBytes(new byte[] {0x03, (byte) 0xff, (byte) 0xff, (byte) 0xff});
        assertEquals(ErrorCode.MALFORMED_FRAME, c.reply().getError().getCode());
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.PROTOCOL_ERRORS, SatelliteMetrics.TAG_REASON, "malformed_frame"));
    }

    @Test
    void anOversizeFrameGetsFrameTooLargeThenAClose() {
        Conn c = server.connect();
        c.sendBytes(new byte[] {(byte) 0x81, 0x20}); // 4097 bytes announced; limit 4096
        assertEquals(ErrorCode.FRAME_TOO_LARGE, c.reply().getError().getCode());
        assertFalse(c.open());
    }

    @Test
    void framesAfterAViolationInTheSameReadAreIgnored() {
        Conn c = server.connect();
        c.send(heartbeat(1), hello(), login("u", "pw"));
        assertEquals(ErrorCode.PROTOCOL_VIOLATION, c.reply().getError().getCode());
        assertEquals(1, server.counter(SatelliteMetrics.PROTOCOL_ERRORS, SatelliteMetrics.TAG_REASON,
                "protocol_violation"));
        assertEquals(0, server.counter(SatelliteMetrics.LOGINS, SatelliteMetrics.TAG_OUTCOME, "bad_credentials"));
    }

    static SharedFile[] files(int from, int to) {
        SharedFile[] out = new SharedFile[to - from];
        for (int i = from; i < to; i++) {
            out[i - from] = file("/f" + i, "Artist " + i, "Title " + i);
        }
        return out;
    }
}
