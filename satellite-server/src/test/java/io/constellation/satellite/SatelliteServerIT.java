package io.constellation.satellite;

import static io.constellation.satellite.testing.Frames.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.retry.Backoff;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.NoticeKind;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.satellite.client.SatelliteClient;
import io.constellation.satellite.client.SatelliteClientException;
import io.constellation.satellite.testing.Frames;
import io.constellation.satellite.testing.InMemoryAuthenticator;
import io.constellation.satellite.testing.InMemoryAvailabilityCounts;
import io.constellation.satellite.testing.InMemoryShareResolver;
import io.constellation.satellite.wire.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.IoEventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Satellite servers over real loopback sockets, with {@link SatelliteClient}s and raw
 * sockets as satellites, and in-memory login, resolver and counts.
 */
class SatelliteServerIT {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final InMemoryAuthenticator users = new InMemoryAuthenticator();
    private final InMemoryShareResolver resolver = new InMemoryShareResolver();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A started server with fast deadlines; {@code tweak} changes the config. */
    private Server server(UnaryOperator<SatelliteServerConfig.Builder> tweak) {
        SatelliteServerConfig config = tweak.apply(SatelliteServerConfig.builder()
                .ioThreads(2)
                .sweepInterval(Duration.ofMillis(50))
                .heartbeatInterval(Duration.ofMillis(300))
                .loginTimeout(Duration.ofSeconds(1))
                .drainGrace(Duration.ofSeconds(2))
                .connectionsPerSecondPerAddress(0)).build();
        InMemoryAvailabilityCounts counts = new InMemoryAvailabilityCounts();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SatelliteServer server = new SatelliteServer(config, users, resolver, counts, registry).start();
        toClose.add(server);
        return new Server(server, counts, registry);
    }

    private record Server(SatelliteServer server, InMemoryAvailabilityCounts counts, SimpleMeterRegistry registry) {
        InetSocketAddress address() {
            return server.address();
        }
    }

    private SatelliteClient.Builder client(String user, InetSocketAddress... servers) {
        users.add(user, "pw-" + user);
        return SatelliteClient.builder()
                .servers(List.of(servers))
                .user(user)
                .password("pw-" + user)
                .backoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private SatelliteClient started(SatelliteClient.Builder builder) {
        SatelliteClient c = builder.build();
        toClose.add(c);
        return c.start();
    }

    @Test
    void aSatelliteLogsInSharesChangesAndLeavesOverRealSockets() throws Exception {
        Server s = server(b -> b);
        SatelliteClient c = started(client("alice", s.address())
                .files(List.of(file("/1.mp3", "Toto", "Africa"), file("/2.mp3", "Toto", "Rosanna"),
                        file("/3.mp3", "Toto", "Africa"), file("/4.mp3", "", "no artist")))
                .chunkSize(2));

        assertEquals(3, c.loggedIn().get(10, TimeUnit.SECONDS).getMaxSend());
        ShareAck ack = c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        assertEquals(3, ack.getAccepted());
        assertEquals(1, ack.getRejected());
        assertEquals(2, ack.getSharedTracks());
        int africa = resolver.trackId("Toto", "Africa", "");
        int rosanna = resolver.trackId("Toto", "Rosanna", "");
        assertEquals(1, s.counts().count(africa));
        assertEquals(1, s.counts().count(rosanna));
        assertEquals(1, s.server().sessions());

        ShareAck delta = c.shareDelta(List.of(file("/5.mp3", "Toto", "Hold the Line")), List.of("/2.mp3"))
                .get(10, TimeUnit.SECONDS);
        assertEquals(3, delta.getSharedFiles());
        assertEquals(0, s.counts().count(rosanna));
        assertEquals(1, s.counts().count(resolver.trackId("Toto", "Hold the Line", "")));

        c.close();
        await(() -> s.counts().total() == 0 && s.server().connections() == 0, "the logout drops the counts");
        assertEquals(0, s.counts().violations());
    }

    @Test
    void aWrongPasswordFailsTheLoginAndTheClientStops() throws Exception {
        Server s = server(b -> b);
        users.add("bob", "right");
        SatelliteClient c = started(SatelliteClient.builder().server(s.address()).user("bob").password("wrong"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> c.loggedIn().get(10, TimeUnit.SECONDS));
        SatelliteClientException cause = assertInstanceOf(SatelliteClientException.class, e.getCause());
        assertEquals(ErrorCode.LOGIN_FAILED, cause.code());
        c.stopped().get(10, TimeUnit.SECONDS);
        assertEquals(SatelliteClient.State.CLOSED, c.state());
        assertEquals(1, c.connects(), "a wrong password is not retried");
        assertEquals(1.0, s.registry().get("constellation_satellite_logins").tag("outcome", "bad_credentials")
                .counter().count());
    }

    @Test
    void aSecondLoginOfTheSameUserClosesTheFirstWithANotice() throws Exception {
        Server s = server(b -> b);
        SatelliteClient first = started(client("carol", s.address()).files(List.of(file("/a", "A", "a"))));
        first.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        SatelliteClient second = started(client("carol", s.address()).files(List.of(file("/b", "B", "b"))));
        second.sharesAcknowledged().get(10, TimeUnit.SECONDS);

        first.stopped().get(10, TimeUnit.SECONDS);
        assertEquals(NoticeKind.SESSION_REPLACED, first.lastNotice().getKind());
        assertEquals(1, first.connects(), "a replaced client does not come back to replace the other");
        await(() -> s.counts().count(resolver.trackId("A", "a", "")) == 0, "the old session's shares leave");
        assertEquals(1, s.counts().count(resolver.trackId("B", "b", "")));
        assertEquals(1, s.server().sessions());
    }

    @Test
    void heartbeatsKeepAClientOnlineAcrossManyIdleTimeouts() throws Exception {
        Server s = server(b -> b);
        SatelliteClient c = started(client("dave", s.address()));
        c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        Thread.sleep(2000); // more than six idle timeouts of 900 ms: only heartbeats keep it open
        assertEquals(SatelliteClient.State.ONLINE, c.state());
        assertEquals(1, c.logins());
        assertEquals(0.0, s.registry().get("constellation_satellite_idle_disconnects").counter().count());
    }

    @Test
    void aSilentSatelliteIsClosedWithATimeout() throws Exception {
        Server s = server(b -> b);
        users.add("erin", "pw");
        try (Socket raw = rawSocket(s)) {
            raw.getOutputStream().write(Frames.frames(Frames.hello(), Frames.login("erin", "pw")));
            InputStream in = raw.getInputStream();
            assertTrue(Frames.readServerMessage(in).hasWelcome());
            assertTrue(Frames.readServerMessage(in).hasLoginAccepted());
            ServerMessage timeout = Frames.readServerMessage(in); // silent: 3 × 300 ms
            assertEquals(ErrorCode.TIMEOUT, timeout.getError().getCode());
            assertClosed(in);
        }
        assertEquals(1.0, s.registry().get("constellation_satellite_idle_disconnects").counter().count());
    }

    @Test
    void aSatelliteThatNeverLogsInIsClosedWithATimeout() throws Exception {
        Server s = server(b -> b);
        try (Socket raw = rawSocket(s)) {
            long start = System.nanoTime();
            ServerMessage timeout = Frames.readServerMessage(raw.getInputStream());
            assertEquals(ErrorCode.TIMEOUT, timeout.getError().getCode());
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(900), "not before the deadline");
            assertClosed(raw.getInputStream());
        }
        assertEquals(1.0, s.registry().get("constellation_satellite_login_timeouts").counter().count());
    }

    @Test
    void aSatelliteThatReadsNothingIsPausedThenClosed() throws Exception {
        Server s = server(b -> b.heartbeatInterval(Duration.ofSeconds(10))
                .writeBufferWaterMarks(1024, 4096).slowReaderTimeout(Duration.ofMillis(500))
                .socketBuffers(4096, 4096));
        users.add("hank", "pw");
        try (Socket raw = new Socket()) {
            raw.setReceiveBufferSize(1024);
            raw.connect(s.address());
            raw.getOutputStream().write(Frames.frames(Frames.hello(), Frames.login("hank", "pw")));
            // Heartbeats, never reading the answers: the server's write buffer fills, it stops
            // reading, and closes the satellite once the slow-reader timeout has passed.
            byte[] beats = Frames.frames(java.util.stream.IntStream.range(0, 1000)
                    .mapToObj(i -> Frames.heartbeat(1_000_000_000_000L + i))
                    .toArray(io.constellation.proto.satellite.v1.ClientMessage[]::new));
            Thread flood = new Thread(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        raw.getOutputStream().write(beats);
                    }
                } catch (IOException closed) {
                    // the server closed the connection: what this test waits for
                }
            });
            flood.setDaemon(true);
            flood.start();
            await(() -> s.registry().get("constellation_satellite_slow_reader_disconnects").counter().count() == 1,
                    "the slow reader is closed");
            await(() -> s.server().connections() == 0, "its connection is gone");
        }
    }

    @Test
    void connectionsOverTheLimitGetServerBusyAndAClose() throws Exception {
        Server s = server(b -> b.maxConnections(2));
        try (Socket a = rawSocket(s); Socket b = rawSocket(s); Socket c = rawSocket(s)) {
            ServerMessage busy = Frames.readServerMessage(c.getInputStream());
            assertEquals(ErrorCode.SERVER_BUSY, busy.getError().getCode());
            assertTrue(busy.getError().getRetryAfterMs() > 0);
            assertClosed(c.getInputStream());
            assertTrue(b.isConnected());
            a.getOutputStream().write(Frames.frame(Frames.hello()));
            assertTrue(Frames.readServerMessage(a.getInputStream()).hasWelcome(), "the admitted ones are served");
        }
        assertEquals(1.0, s.registry().get("constellation_satellite_connections_refused")
                .tag("reason", "connection_limit").counter().count());
    }

    @Test
    void drainSpreadsReconnectsAndSatellitesComeBackElsewhere() throws Exception {
        Server a = server(b -> b.serverId("a"));
        Server b = server(b2 -> b2.serverId("b"));
        List<SatelliteClient> clients = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            clients.add(started(client("user" + i, a.address(), b.address())
                    .files(List.of(file("/song", "Toto", "Africa")))));
        }
        for (SatelliteClient c : clients) {
            c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        }
        int africa = resolver.trackId("Toto", "Africa", "");
        assertEquals(20, a.counts().count(africa));

        a.server().drain(Duration.ofSeconds(1)).get(10, TimeUnit.SECONDS);

        assertEquals(0, a.counts().total(), "the drained server's counts are empty");
        Set<Integer> delays = new HashSet<>();
        for (SatelliteClient c : clients) {
            assertNotNull(c.lastNotice());
            assertEquals(NoticeKind.RECONNECT, c.lastNotice().getKind());
            int delay = c.lastNotice().getReconnectAfterMs();
            assertTrue(delay >= 0 && delay <= 1000, "delay within the spread: " + delay);
            delays.add(delay);
        }
        assertTrue(delays.size() > 10, "delays are spread, not one value: " + delays);
        await(() -> b.counts().count(africa) == 20, "every satellite reconnected to the other server");
        for (SatelliteClient c : clients) {
            assertEquals(2, c.logins());
            assertEquals(c.lastNotice().getReconnectAfterMs(), c.lastReconnectDelayMillis(),
                    "the client waited as told");
        }
        assertEquals(0, b.counts().violations());
    }

    @Test
    void aClientReconnectsWithBackoffWhenTheServerGoesAwayAndComesBack() throws Exception {
        Server s = server(b -> b.drainSpread(Duration.ofMillis(200)));
        int port = s.address().getPort();
        SatelliteClient c = started(client("frank", s.address()).files(List.of(file("/x", "X", "x"))));
        c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        s.server().close();
        await(() -> c.state() == SatelliteClient.State.WAITING || c.state() == SatelliteClient.State.CONNECTING,
                "the client noticed");
        Server again = server(b -> b.port(port));
        await(() -> c.logins() == 2 && again.counts().total() == 1, "the client came back with its shares");
        assertTrue(c.connects() >= 2);
    }

    @Test
    void aPortInUseFailsTheStartWithTheAddressNamed() {
        Server s = server(b -> b);
        SatelliteServer second = new SatelliteServer(SatelliteServerConfig.builder().port(s.address().getPort()).build(),
                users, resolver, new InMemoryAvailabilityCounts(), new SimpleMeterRegistry());
        IllegalStateException e = assertThrows(IllegalStateException.class, second::start);
        assertTrue(e.getMessage().contains(":" + s.address().getPort()), e.getMessage());
        second.close();
    }

    @Test
    void nioServerAndClientFromAnotherLoopbackAddressWork() throws Exception {
        Server s = server(b -> b.transport(Transport.NIO));
        IoEventLoopGroup group = Transport.NIO.newGroup(1, "test-clients", true);
        toClose.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        SatelliteClient c = started(client("gina", s.address())
                .eventLoopGroup(group)
                .localAddress(InetAddress.getByName("127.0.0.2")));
        c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        assertEquals(InetAddress.getByName("127.0.0.2"), ((InetSocketAddress) c.localAddress()).getAddress());
    }

    @Test
    void manyClientsShareOneEventLoop() throws Exception {
        // 200 logins on one client loop take seconds on a loaded machine: the fast login and
        // heartbeat deadlines of the other tests would close some of them and make them
        // reconnect, so this test counts sessions that never had to.
        Server s = server(b -> b.loginTimeout(Duration.ofSeconds(30)).heartbeatInterval(Duration.ofSeconds(10)));
        IoEventLoopGroup group = Transport.best().newGroup(1, "test-clients", true);
        toClose.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        List<SatelliteClient> clients = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            clients.add(started(client("many" + i, s.address()).eventLoopGroup(group)
                    .files(List.of(file("/f", "Common", "Song"), file("/g" + i, "Own", "Song " + i)))));
        }
        for (SatelliteClient c : clients) {
            c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        }
        int common = resolver.trackId("Common", "Song", "");
        await(() -> s.server().sessions() == 200 && s.counts().count(common) == 200, "200 sessions share the common track");
        assertEquals(201, s.counts().tracks());
    }

    private static Socket rawSocket(Server s) throws IOException {
        Socket socket = new Socket();
        socket.setSoTimeout((int) WAIT.toMillis());
        socket.connect(s.address());
        return socket;
    }

    private static void assertClosed(InputStream in) throws IOException {
        try {
            assertEquals(-1, in.read(), "the server closes after its error");
        } catch (SocketException reset) {
            // a reset is a close too
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }
}
