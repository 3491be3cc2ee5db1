package io.constellation.satellite.internal;

import static io.constellation.satellite.internal.ConnectionStateTest.files;
import static io.constellation.satellite.testing.Frames.file;
import static io.constellation.satellite.testing.Frames.heartbeat;
import static io.constellation.satellite.testing.Frames.hello;
import static io.constellation.satellite.testing.Frames.login;
import static io.constellation.satellite.testing.Frames.shareDelta;
import static io.constellation.satellite.testing.Frames.shareList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.NoticeKind;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.internal.EmbeddedSatellite.Conn;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What happens over a connection's life: answers that take time, shares coming and going,
 * deadlines, replacement by a newer login, admission and drain. EmbeddedChannels and a
 * clock the test moves.
 */
class ConnectionLifecycleTest {

    private final EmbeddedSatellite server = new EmbeddedSatellite();

    // ---- answers that take time ----

    @Test
    void messagesSentDuringAPendingLoginWaitAndAreAnsweredInOrder() {
        server.authenticator.add("u", "pw");
        server.authenticator.hold();
        Conn c = server.connect();

        c.send(hello(), login("u", "pw"), shareList(0, true, file("/a", "A", "a")), heartbeat(9));
        List<ServerMessage> early = c.replies();
        assertEquals(1, early.size(), "only the Welcome before the login is answered");
        assertTrue(early.get(0).hasWelcome());
        assertEquals(ConnectionState.LOGGING_IN, c.state());
        assertFalse(c.reading(), "reading pauses while the login is pending");

        server.authenticator.releaseAll();
        c.runTasks();

        List<ServerMessage> later = c.replies();
        assertEquals(3, later.size(), later.toString());
        assertTrue(later.get(0).hasLoginAccepted());
        assertEquals(1, later.get(1).getShareAck().getSharedFiles());
        assertEquals(9, later.get(2).getHeartbeat().getSentAtMs());
        assertTrue(c.reading(), "reading resumes once nothing is pending");
        assertEquals(ConnectionState.ONLINE, c.state());
        c.close();
    }

    @Test
    void aPendingLoginPausesReadingOnlyOnceAMessageHasToWait() {
        server.authenticator.add("u", "pw");
        server.authenticator.hold();
        Conn c = server.connect();

        c.send(hello(), login("u", "pw"));
        assertTrue(c.replies().get(0).hasWelcome());
        assertEquals(ConnectionState.LOGGING_IN, c.state());
        assertTrue(c.reading(), "nothing waits yet, so reading goes on");

        c.send(heartbeat(7));
        assertTrue(c.replies().isEmpty(), "the heartbeat waits for the login's answer");
        assertFalse(c.reading(), "a waiting message pauses reading");

        server.authenticator.releaseAll();
        c.runTasks();
        List<ServerMessage> later = c.replies();
        assertEquals(2, later.size(), later.toString());
        assertTrue(later.get(0).hasLoginAccepted());
        assertEquals(7, later.get(1).getHeartbeat().getSentAtMs());
        assertTrue(c.reading());
        c.close();
    }

    @Test
    void aLoginAnsweredWithNothingQueuedLeavesReadingOn() {
        server.authenticator.add("u", "pw");
        server.authenticator.hold();
        Conn c = server.connect();
        c.send(hello(), login("u", "pw"));
        c.replies();
        server.authenticator.releaseAll();
        c.runTasks();
        assertTrue(c.reply().hasLoginAccepted());
        assertEquals(ConnectionState.ONLINE, c.state());
        assertTrue(c.reading());
        c.send(heartbeat(3));
        assertEquals(3, c.reply().getHeartbeat().getSentAtMs(), "an online connection still reads and answers");
        c.close();
    }

    @Test
    void aForbiddenMessageQueuedDuringALoginIsJudgedWhenItsTurnComes() {
        server.authenticator.add("u", "pw");
        server.authenticator.hold();
        Conn c = server.connect();
        c.send(hello(), login("u", "pw"), hello());
        c.replies();
        server.authenticator.releaseAll();
        c.runTasks();
        List<ServerMessage> replies = c.replies();
        assertTrue(replies.get(0).hasLoginAccepted());
        Error e = replies.get(1).getError();
        assertEquals(ErrorCode.PROTOCOL_VIOLATION, e.getCode());
        assertTrue(e.getMessage().contains("Hello") && e.getMessage().contains("ONLINE"), e.getMessage());
        assertFalse(c.open());
    }

    @Test
    void chunksSentWithoutWaitingAreResolvedOneAtATime() {
        Conn c = server.connect();
        c.login("u");
        server.resolver.hold();
        c.send(shareList(0, false, files(0, 3)), shareList(1, false, files(3, 6)), shareList(2, true, files(6, 8)));
        assertEquals(ConnectionState.RESOLVING, c.state());
        assertFalse(c.reading());
        assertEquals(1, server.resolver.calls(), "the next chunk waits for the first");

        for (int round = 0; round < 3; round++) {
            assertEquals(round + 1, server.resolver.calls());
            server.resolver.releaseAll();
            c.runTasks();
        }
        assertEquals(ConnectionState.ONLINE, c.state());
        ShareAck ack = c.reply().getShareAck();
        assertEquals(8, ack.getAccepted());
        assertEquals(8, ack.getSharedFiles());
        assertEquals(8, server.counts.total());
        assertTrue(c.reading());
        c.close();
    }

    @Test
    void aClosedConnectionIgnoresItsLateAnswers() {
        Conn c = server.connect();
        c.login("u");
        server.resolver.hold();
        c.send(shareList(0, true, files(0, 3)));
        c.close();
        server.resolver.releaseAll();
        c.runTasks();
        assertEquals(0, server.counts.total(), "shares resolved after the close never count");
        assertEquals(1, server.resolver.calls());
        assertEquals(0, server.counts.violations());
    }

    @Test
    void anUnavailableCatalogWhileResolvingIsServerBusy() {
        Conn c = server.connect();
        c.login("u");
        server.resolver.failWith(new CatalogUnavailableException("down", null));
        c.send(shareList(0, true, files(0, 3)));
        Error e = c.reply().getError();
        assertEquals(ErrorCode.SERVER_BUSY, e.getCode());
        assertTrue(e.getRetryAfterMs() > 0);
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.RESOLVE_FAILURES, SatelliteMetrics.TAG_REASON, "unavailable"));
    }

    @Test
    void tooManyMessagesWhileWaitingIsAViolation() {
        Conn c = server.connect();
        c.login("u");
        server.resolver.hold();
        c.send(shareList(0, true, files(0, 1)));
        var beats = new io.constellation.proto.satellite.v1.ClientMessage[ConnectionHandler.MAX_DEFERRED + 1];
        java.util.Arrays.fill(beats, heartbeat(1));
        c.send(beats);
        assertEquals(ErrorCode.PROTOCOL_VIOLATION, c.reply().getError().getCode());
        assertFalse(c.open());
    }

    // ---- shares ----

    @Test
    void aDeltaAddsAndRemovesTracksByPath() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, true, file("/a", "A", "a"), file("/b", "B", "b"), file("/b2", "B", "b")));
        c.replies();
        int a = server.resolver.trackId("A", "a", "");
        int b = server.resolver.trackId("B", "b", "");

        c.send(shareDelta(List.of(file("/c", "C", "c")), List.of("/a", "/b", "/unknown")));
        ShareAck ack = c.reply().getShareAck();
        assertEquals(1, ack.getAccepted());
        assertEquals(2, ack.getSharedFiles());
        assertEquals(2, ack.getSharedTracks());
        assertEquals(0, server.counts.count(a));
        assertEquals(1, server.counts.count(b), "b is still shared through /b2");
        assertEquals(1, server.counts.count(server.resolver.trackId("C", "c", "")));
        c.close();
        assertEquals(0, server.counts.total());
        assertEquals(0, server.counts.violations());
    }

    @Test
    void aNewCompleteListReplacesTheOldOneByDifference() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, true, file("/a", "A", "a"), file("/b", "B", "b")));
        c.replies();
        c.send(shareList(0, true, file("/b", "B", "b"), file("/c", "C", "c")));
        assertEquals(2, c.reply().getShareAck().getSharedFiles());
        assertEquals(0, server.counts.count(server.resolver.trackId("A", "a", "")));
        assertEquals(1, server.counts.count(server.resolver.trackId("B", "b", "")));
        assertEquals(1, server.counts.count(server.resolver.trackId("C", "c", "")));
        assertEquals(2, server.counter(SatelliteMetrics.FRAMES_OUT, SatelliteMetrics.TAG_TYPE, "share_ack"));
        c.close();
        assertEquals(0, server.counts.violations());
    }

    @Test
    void twoSessionsSharingATrackCountTwiceAndLogoutDropsOne() {
        Conn one = server.connect(1);
        Conn two = server.connect(2);
        one.login("one");
        two.login("two");
        one.send(shareList(0, true, file("/x", "Toto", "Africa")));
        two.send(shareList(0, true, file("/y", "Toto", "Africa")));
        int africa = server.resolver.trackId("Toto", "Africa", "");
        assertEquals(2, server.counts.count(africa));
        one.close();
        assertEquals(1, server.counts.count(africa));
        two.close();
        assertEquals(0, server.counts.count(africa));
    }

    @Test
    void anEmptyShareListAllocatesNoShareSet() {
        Conn c = server.connect();
        c.login("u");
        assertFalse(c.holdsShareSet(), "no set before any list");
        c.send(shareList(0, true));
        ShareAck ack = c.reply().getShareAck();
        assertEquals(0, ack.getSharedFiles());
        assertEquals(0, ack.getSharedTracks());
        assertFalse(c.holdsShareSet(), "an empty list leaves no set behind");
        c.close();
        assertEquals(0, server.counts.violations());
    }

    @Test
    void theShareSetIsCreatedByTheFirstNonEmptyListAndDroppedByAnEmptyOne() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, true));
        c.replies();
        c.send(shareList(0, true, file("/a", "A", "a"), file("/b", "B", "b")));
        assertEquals(2, c.reply().getShareAck().getSharedFiles());
        assertTrue(c.holdsShareSet());
        int a = server.resolver.trackId("A", "a", "");
        assertEquals(1, server.counts.count(a));
        assertEquals(2, c.sharedFilesGauge());

        c.send(shareList(0, true));
        ShareAck ack = c.reply().getShareAck();
        assertEquals(0, ack.getSharedFiles());
        assertEquals(0, ack.getSharedTracks());
        assertFalse(c.holdsShareSet(), "an empty list withdraws the shares and frees the set");
        assertEquals(0, server.counts.total());
        assertEquals(0, c.sharedFilesGauge());
        c.close();
        assertEquals(0, server.counts.violations());
    }

    @Test
    void logoutWithdrawsTheSharesOfALazilyCreatedSet() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, true));
        c.send(shareList(0, true, file("/a", "A", "a")));
        c.replies();
        assertEquals(1, server.counts.count(server.resolver.trackId("A", "a", "")));
        c.close();
        assertEquals(0, server.counts.total());
        assertEquals(0, c.sharedFilesGauge());
        assertEquals(0, server.counts.violations());
    }

    // ---- deadlines (one sweep per loop, no timer per connection) ----

    @Test
    void noLoginInTimeIsATimeout() {
        Conn c = server.connect();
        c.send(hello());
        c.replies();
        server.advance(Duration.ofSeconds(4), c);
        assertTrue(c.open());
        server.advance(Duration.ofSeconds(2), c);
        assertEquals(ErrorCode.TIMEOUT, c.reply().getError().getCode());
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.LOGIN_TIMEOUTS, null, null));
    }

    @Test
    void aSilentSatelliteIsClosedAfterThreeHeartbeatIntervals() {
        Conn c = server.connect();
        c.login("u");
        server.advance(Duration.ofSeconds(25), c);
        c.send(heartbeat(1));
        c.replies();
        server.advance(Duration.ofSeconds(29), c);
        assertTrue(c.open(), "a heartbeat restarted the idle clock");
        server.advance(Duration.ofSeconds(2), c);
        Error e = c.reply().getError();
        assertEquals(ErrorCode.TIMEOUT, e.getCode());
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.IDLE_DISCONNECTS, null, null));
    }

    @Test
    void aResolutionThatNeverAnswersTimesOut() {
        Conn c = server.connect();
        c.login("u");
        server.resolver.hold();
        c.send(shareList(0, true, files(0, 2)));
        server.advance(Duration.ofSeconds(21), c);
        assertEquals(ErrorCode.SERVER_BUSY, c.reply().getError().getCode());
        assertFalse(c.open());
        assertEquals(1, server.counter(SatelliteMetrics.RESOLVE_FAILURES, SatelliteMetrics.TAG_REASON, "timeout"));
    }

    // ---- replacement ----

    @Test
    void aSecondLoginOfTheSameUserReplacesTheFirst() {
        Conn first = server.connect(1);
        first.login("u");
        first.send(shareList(0, true, file("/a", "A", "a")));
        first.replies();
        Conn second = server.connect(2);
        second.login("u");
        first.runTasks();

        ServerMessage notice = first.reply();
        assertEquals(NoticeKind.SESSION_REPLACED, notice.getNotice().getKind());
        assertFalse(first.open());
        assertTrue(second.open());
        assertEquals(1, server.context.onlineSessions());
        assertEquals(0, server.counts.total(), "the replaced session's shares are gone");
        assertEquals(1, server.counter(SatelliteMetrics.SESSIONS_REPLACED, null, null));
        second.close();
        assertEquals(0, server.context.onlineSessions());
    }

    @Test
    void sessionsOfManyUsersAreKeptApartAndLeaveOneByOne() {
        List<Conn> conns = new java.util.ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Conn c = server.connect(i + 1);
            c.login("user" + i);
            conns.add(c);
        }
        assertEquals(100, server.context.onlineSessions());
        for (int i = 0; i < 100; i += 2) {
            conns.get(i).close();
        }
        assertEquals(50, server.context.onlineSessions());
        for (int i = 1; i < 100; i += 2) {
            assertTrue(conns.get(i).open(), "no other user's login replaced user" + i);
            conns.get(i).close();
        }
        assertEquals(0, server.context.onlineSessions());
    }

    // ---- admission and drain ----

    @Test
    void connectionsOverTheLimitAreRefusedWithRetryAfter() {
        EmbeddedSatellite small = new EmbeddedSatellite(SatelliteServerConfig.builder().maxConnections(2).build());
        Conn a = small.connect(1);
        Conn b = small.connect(2);
        Conn c = small.connect(3);
        Error e = c.reply().getError();
        assertEquals(ErrorCode.SERVER_BUSY, e.getCode());
        assertEquals(5000, e.getRetryAfterMs());
        assertFalse(c.open());
        assertTrue(a.open() && b.open());
        assertEquals(2, small.context.openConnections());
        assertEquals(1, small.counter(SatelliteMetrics.REFUSED, SatelliteMetrics.TAG_REASON, "connection_limit"));
        a.close();
        Conn d = small.connect(4);
        assertTrue(d.open(), "a freed slot admits the next one");
    }

    @Test
    void anAddressOverItsConnectionRateIsRefused() {
        EmbeddedSatellite limited = new EmbeddedSatellite(SatelliteServerConfig.builder()
                .connectionsPerSecondPerAddress(2).build());
        assertTrue(limited.connect(7).open());
        assertTrue(limited.connect(7).open());
        Conn third = limited.connect(7);
        assertEquals(ErrorCode.SERVER_BUSY, third.reply().getError().getCode());
        assertTrue(limited.connect(8).open(), "another address has its own allowance");
        limited.clock.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(limited.connect(7).open(), "the next second admits again");
        assertEquals(1, limited.counter(SatelliteMetrics.REFUSED, SatelliteMetrics.TAG_REASON, "rate_limit"));
    }

    @Test
    void drainSendsReconnectWithTheGivenDelayThenClosesAfterTheGrace() {
        Conn c = server.connect();
        c.login("u");
        c.send(shareList(0, true, file("/a", "A", "a")));
        c.replies();
        server.context.startDraining(() -> { });
        server.context.drain(c.channel.eventLoop(), () -> 1234);
        ServerMessage notice = c.reply();
        assertEquals(NoticeKind.RECONNECT, notice.getNotice().getKind());
        assertEquals(1234, notice.getNotice().getReconnectAfterMs());
        assertTrue(c.open(), "the satellite gets time to read the notice and leave");
        c.send(heartbeat(1));
        assertEquals(List.of(), c.replies(), "nothing is answered once closing");
        server.advance(Duration.ofSeconds(6), c);
        assertFalse(c.open());
        assertEquals(0, server.counts.total());

        Conn late = server.connect(2);
        assertEquals(ErrorCode.SERVER_BUSY, late.reply().getError().getCode());
        assertEquals(1, server.counter(SatelliteMetrics.REFUSED, SatelliteMetrics.TAG_REASON, "draining"));
    }

    @Test
    void metricsCountFramesAndBytesBothWays() {
        Conn c = server.connect();
        c.login("u");
        assertEquals(1, server.counter(SatelliteMetrics.FRAMES_IN, SatelliteMetrics.TAG_TYPE, "hello"));
        assertEquals(1, server.counter(SatelliteMetrics.FRAMES_IN, SatelliteMetrics.TAG_TYPE, "login"));
        assertEquals(1, server.counter(SatelliteMetrics.FRAMES_OUT, SatelliteMetrics.TAG_TYPE, "welcome"));
        assertEquals(1, server.counter(SatelliteMetrics.FRAMES_OUT, SatelliteMetrics.TAG_TYPE, "login_accepted"));
        assertEquals(1, server.counter(SatelliteMetrics.LOGINS, SatelliteMetrics.TAG_OUTCOME, "accepted"));
        assertTrue(server.counter(SatelliteMetrics.RECEIVED_BYTES, null, null) > 10);
        assertTrue(server.counter(SatelliteMetrics.SENT_BYTES, null, null) > 10);
        assertEquals(1.0, server.registry.get(SatelliteMetrics.ONLINE).gauge().value());
        assertEquals(1.0, server.registry.get(SatelliteMetrics.CONNECTED).gauge().value());
        c.send(shareList(0, true, files(0, 4)));
        assertEquals(4.0, server.registry.get(SatelliteMetrics.SHARED_FILES).gauge().value());
        c.close();
        assertEquals(0.0, server.registry.get(SatelliteMetrics.SHARED_FILES).gauge().value());
        assertEquals(0.0, server.registry.get(SatelliteMetrics.CONNECTED).gauge().value());
    }
}
