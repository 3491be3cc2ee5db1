package io.constellation.satellite.client;

import static io.constellation.satellite.testing.Frames.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.retry.Backoff;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.LoginAccepted;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.proto.satellite.v1.Welcome;
import io.constellation.satellite.testing.Frames;
import io.constellation.satellite.wire.Transport;
import io.netty.channel.IoEventLoopGroup;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client library against a scripted server on a plain ServerSocket, so each test
 * decides exactly what the server says: chunking by the Welcome's limits, retry_after_ms,
 * backoff, and a server that falls silent.
 */
class SatelliteClientIT {

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** A server socket whose accepted connections the test handles one by one. */
    private final class ScriptedServer implements AutoCloseable {
        final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final BlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();

        ScriptedServer() throws IOException {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        Socket s = socket.accept();
                        s.setSoTimeout(10_000);
                        accepted.add(s);
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            t.setDaemon(true);
            t.start();
            toClose.add(this);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        Socket next() throws InterruptedException {
            Socket s = accepted.poll(10, TimeUnit.SECONDS);
            if (s == null) {
                throw new AssertionError("the client did not connect");
            }
            toClose.add(s);
            return s;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static ClientMessage read(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        int length = 0;
        for (int shift = 0; ; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new java.io.EOFException();
            }
            length |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                break;
            }
        }
        byte[] body = new byte[length];
        new DataInputStream(in).readFully(body);
        return ClientMessage.parseFrom(body);
    }

    private static void write(Socket s, ServerMessage... messages) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(Frames.frames(messages));
        out.flush();
    }

    private static ServerMessage welcome(int maxFilesPerChunk, int heartbeatMillis) {
        return ServerMessage.newBuilder().setWelcome(Welcome.newBuilder().setProtocolVersion(1)
                .setServerId("scripted").setMaxFrameBytes(1 << 20).setMaxFilesPerChunk(maxFilesPerChunk)
                .setMaxSharedFiles(100).setHeartbeatIntervalMs(heartbeatMillis)).build();
    }

    private static ServerMessage accepted() {
        return ServerMessage.newBuilder().setLoginAccepted(LoginAccepted.newBuilder().setMaxSend(2)).build();
    }

    private SatelliteClient client(ScriptedServer server, List<SharedFile> files) {
        SatelliteClient c = SatelliteClient.builder()
                .server(server.address())
                .user("ivy")
                .password("pw")
                .files(files)
                .chunkSize(50)
                .backoff(new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)))
                .build();
        toClose.add(c);
        return c.start();
    }

    @Test
    void theShareListIsChunkedByTheServersLimitAndHeartbeatsFollowTheInterval() throws Exception {
        ScriptedServer server = new ScriptedServer();
        List<SharedFile> files = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            files.add(file("/" + i, "Artist", "Title " + i));
        }
        files.add(file("/long", "A".repeat(300), "over the tag limit"));
        SatelliteClient c = client(server, files);
        Socket s = server.next();

        ClientMessage hello = read(s);
        assertEquals(1, hello.getHello().getProtocolVersion());
        assertEquals("ivy", read(s).getLogin().getUser());
        // Heartbeats run from the Welcome: the second is due two intervals after it, however
        // long the share list below takes on a loaded machine.
        long welcomed = System.nanoTime();
        write(s, welcome(10, 200), accepted());

        List<Integer> sizes = new ArrayList<>();
        ClientMessage m;
        int index = 0;
        do {
            m = read(s);
            assertEquals(index++, m.getShareList().getChunkIndex());
            sizes.add(m.getShareList().getFilesCount());
        } while (!m.getShareList().getLast());
        assertEquals(List.of(10, 10, 3), sizes, "at most the Welcome's 10 files a chunk; the long tag stays home");
        write(s, ServerMessage.newBuilder().setShareAck(ShareAck.newBuilder().setSharedFiles(23)).build());
        assertEquals(23, c.sharesAcknowledged().get(10, TimeUnit.SECONDS).getSharedFiles());
        assertEquals(SatelliteClient.State.ONLINE, c.state());

        assertTrue(read(s).hasHeartbeat());
        assertTrue(read(s).hasHeartbeat());
        long elapsedMillis = (System.nanoTime() - welcomed) / 1_000_000;
        assertTrue(elapsedMillis >= 390 && elapsedMillis < 5000,
                "two heartbeats 200 ms apart after the Welcome, took " + elapsedMillis);
    }

    @Test
    void aThrottledLoginIsRetriedNoSoonerThanTheServerSays() throws Exception {
        ScriptedServer server = new ScriptedServer();
        SatelliteClient c = client(server, List.of());
        Socket first = server.next();
        read(first);
        read(first);
        write(first, welcome(10, 1000), ServerMessage.newBuilder().setError(Error.newBuilder()
                .setCode(ErrorCode.LOGIN_THROTTLED).setRetryAfterMs(700)).build());
        long start = System.nanoTime();
        first.close();

        Socket second = server.next();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waitedMillis >= 650, "waited " + waitedMillis + " ms");
        assertTrue(c.lastReconnectDelayMillis() >= 700);
        assertTrue(read(second).hasHello());
        assertEquals(ErrorCode.LOGIN_THROTTLED, c.lastError().getCode());
    }

    @Test
    void lostConnectionsAreRetriedWithJitteredBackoffWithinItsCeiling() throws Exception {
        ScriptedServer server = new ScriptedServer();
        SatelliteClient c = client(server, List.of());
        for (int attempt = 0; attempt < 4; attempt++) {
            Socket s = server.next();
            read(s);
            s.close();
            long ceiling = Math.min(400, 100L << attempt);
            int connectsSoFar = attempt + 1;
            // A jittered delay may be a millisecond: the client can be connecting again
            // before a poll sees it waiting, so either counts as having scheduled the retry.
            await(() -> c.state() == SatelliteClient.State.WAITING || c.connects() > connectsSoFar,
                    "the client waits to reconnect");
            long delay = c.lastReconnectDelayMillis();
            assertTrue(delay >= 1 && delay <= ceiling, "attempt " + attempt + ": delay " + delay + " > " + ceiling);
        }
        assertEquals(0, c.logins());
    }

    @Test
    void aServerThatFallsSilentIsLeftAfterThreeHeartbeatIntervals() throws Exception {
        ScriptedServer server = new ScriptedServer();
        SatelliteClient c = client(server, List.of());
        Socket s = server.next();
        read(s);
        read(s);
        write(s, welcome(10, 100), accepted());
        c.loggedIn().get(10, TimeUnit.SECONDS);
        // Never answers the heartbeats (nor the share list): the client gives up on it.
        Socket again = server.next();
        assertTrue(read(again).hasHello());
        assertEquals(1, c.logins());
    }

    private static List<SharedFile> readList(Socket s) throws IOException {
        List<SharedFile> files = new ArrayList<>();
        ClientMessage m;
        do {
            m = read(s);
            files.addAll(m.getShareList().getFilesList());
        } while (!m.getShareList().getLast());
        return files;
    }

    private static ServerMessage ack(int files) {
        return ServerMessage.newBuilder().setShareAck(ShareAck.newBuilder().setSharedFiles(files)).build();
    }

    @Test
    void aReconnectSendsTheSameListAgainAndADeltaChangesTheListOfTheNextOne() throws Exception {
        ScriptedServer server = new ScriptedServer();
        List<SharedFile> files = List.of(file("/a", "Artist", "A"), file("/b", "Artist", "B"));
        SatelliteClient c = client(server, files);
        Socket first = server.next();
        read(first);
        read(first);
        write(first, welcome(10, 5000), accepted());
        assertEquals(files, readList(first));
        write(first, ack(2));
        c.sharesAcknowledged().get(10, TimeUnit.SECONDS);
        first.close();

        Socket second = server.next();
        read(second);
        read(second);
        write(second, welcome(10, 5000), accepted());
        assertEquals(files, readList(second), "the same list after a reconnect");
        write(second, ack(2));
        await(() -> c.state() == SatelliteClient.State.ONLINE, "online again");
        var delta = c.shareDelta(List.of(file("/c", "Artist", "C")), List.of("/a"));
        assertEquals(List.of("/a"), read(second).getShareDelta().getRemovedPathsList());
        write(second, ack(2));
        delta.get(10, TimeUnit.SECONDS);
        second.close();

        Socket third = server.next();
        read(third);
        read(third);
        write(third, welcome(10, 5000), accepted());
        assertEquals(List.of(file("/b", "Artist", "B"), file("/c", "Artist", "C")), readList(third),
                "the list after the delta");
    }

    @Test
    void clientsOnASharedGroupOfTwoLoopsRunOnBoth() throws Exception {
        ScriptedServer server = new ScriptedServer();
        IoEventLoopGroup group = Transport.best().newGroup(2, "two-loops", true);
        toClose.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 4; i++) {
            SatelliteClient c = SatelliteClient.builder().server(server.address()).user("u" + i).password("pw")
                    .eventLoopGroup(group).listener(new SatelliteClient.Listener() {
                        @Override
                        public void connected(SatelliteClient client) {
                            threads.add(Thread.currentThread());
                        }
                    }).build();
            toClose.add(c);
            c.start();
            server.next();
        }
        await(() -> threads.size() == 2, "both loops run clients, saw " + threads);
    }

    @Test
    void closeAsyncDoesNotWaitAndNoClientIsReportedDisconnectedWithoutConnected() throws Exception {
        ScriptedServer server = new ScriptedServer();
        IoEventLoopGroup group = Transport.best().newGroup(1, "close-async", true);
        toClose.add(() -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly());
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger unmatched = new AtomicInteger();
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            AtomicInteger open = new AtomicInteger();
            SatelliteClient c = SatelliteClient.builder().server(server.address()).user("u" + i).password("pw")
                    .eventLoopGroup(group).listener(new SatelliteClient.Listener() {
                        @Override
                        public void connected(SatelliteClient client) {
                            connected.incrementAndGet();
                            open.incrementAndGet();
                        }

                        @Override
                        public void disconnected(SatelliteClient client) {
                            if (open.decrementAndGet() < 0) {
                                unmatched.incrementAndGet();
                            }
                        }
                    }).build().start();
            // Closed while it connects (or soon after): the race the contract is about.
            Thread.sleep(i % 3);
            closing.add(c.closeAsync());
        }
        CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        assertEquals(0, unmatched.get(), "disconnected without connected (" + connected.get() + " connected)");
    }

    @Test
    void clientsFromALocalAddressConnectFromItEachOnItsOwnPort() throws Exception {
        ScriptedServer server = new ScriptedServer();
        InetAddress local = InetAddress.getByName("127.0.0.2");
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SatelliteClient c = SatelliteClient.builder().server(server.address()).user("u" + i).password("pw")
                    .localAddress(local).build();
            toClose.add(c);
            c.start();
            InetSocketAddress peer = (InetSocketAddress) server.next().getRemoteSocketAddress();
            assertEquals(local, peer.getAddress());
            await(() -> c.localAddress() != null, "the client knows its local address");
            assertEquals(peer.getPort(), ((InetSocketAddress) c.localAddress()).getPort());
            ports.add(peer.getPort());
        }
        assertNotEquals(ports.get(0), ports.get(1));
    }

    @Test
    void closingAnOnlineClientLeavesItsFuturesCompletedAndClosingOneBeforeLoginFailsThem() throws Exception {
        ScriptedServer server = new ScriptedServer();
        SatelliteClient online = client(server, List.of(file("/a", "Artist", "Title")));
        Socket s = server.next();
        read(s);
        read(s);
        write(s, welcome(10, 60_000), accepted());
        read(s);
        write(s, ServerMessage.newBuilder().setShareAck(ShareAck.newBuilder().setSharedFiles(1)).build());
        assertEquals(1, online.sharesAcknowledged().get(10, TimeUnit.SECONDS).getSharedFiles());
        online.closeAsync().get(10, TimeUnit.SECONDS);
        assertEquals(SatelliteClient.State.CLOSED, online.state());
        assertEquals(1, online.sharesAcknowledged().getNow(null).getSharedFiles());
        assertEquals(2, online.loggedIn().getNow(null).getMaxSend());

        SatelliteClient early = client(server, List.of());
        server.next();
        early.closeAsync().get(10, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> early.loggedIn().get(10, TimeUnit.SECONDS));
        assertInstanceOf(SatelliteClientException.class, e.getCause());
        assertTrue(early.sharesAcknowledged().isCompletedExceptionally());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(5);
        }
    }
}
