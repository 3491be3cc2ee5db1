package io.constellation.satellite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.testing.Frames;
import io.constellation.satellite.testing.InMemoryAuthenticator;
import io.constellation.satellite.testing.InMemoryAvailabilityCounts;
import io.constellation.satellite.testing.InMemoryShareResolver;
import io.constellation.satellite.wire.Transport;
import io.constellation.satellite.wire.WireException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link CompactEpollServerChannel} and its {@link CompactEpollChannel}s over real loopback
 * sockets: the accepted channels report what Netty's would, take the server's options, and
 * sort exceptions at their pipeline's tail exactly as the {@link ExceptionSorter} handler
 * does on stock (NIO) channels. The satellite protocol itself runs over compact channels
 * in every epoll IT (SatelliteServerIT and the others: epoll is the default transport).
 */
class CompactEpollChannelIT {

    private static final int WAIT_SECONDS = 10;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(1000, 3000);
    private static final CompactRecvByteBufAllocator READS = new CompactRecvByteBufAllocator(64, 2048, 65536, 16);

    private final ServerContext context = new ServerContext(SatelliteServerConfig.builder().build(),
            new InMemoryAuthenticator(), new InMemoryShareResolver(), new InMemoryAvailabilityCounts(),
            new SimpleMeterRegistry(), System::nanoTime);
    private final BlockingQueue<Channel> accepted = new LinkedBlockingQueue<>();
    private IoEventLoopGroup group;
    private Channel listener;

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** A satellite server pipeline on {@code transport}, its accepted channels queued for the test. */
    private InetSocketAddress listen(Transport transport, String host) {
        group = transport.newGroup(1, "compact-it", true);
        ServerBootstrap b = new ServerBootstrap().group(group)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_SNDBUF, 65536)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, READS)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast(new SatelliteChannelInitializer(context));
                        // Queued once this initializer has left the pipeline: the test sees it built.
                        ch.eventLoop().execute(() -> accepted.add(ch));
                    }
                });
        if (transport == Transport.EPOLL) {
            b.channelFactory(CompactEpollServerChannel::new);
        } else {
            b.channel(transport.serverChannel());
        }
        listener = b.bind(host, 0).syncUninterruptibly().channel();
        return (InetSocketAddress) listener.localAddress();
    }

    private Channel acceptedChannel() throws InterruptedException {
        Channel ch = accepted.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertTrue(ch != null, "the server accepted the connection");
        return ch;
    }

    private static Socket connect(InetSocketAddress server, String from) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(WAIT_SECONDS * 1000);
        s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        s.connect(server);
        return s;
    }

    @Test
    void acceptedChannelsReportTheirAddressesParentAndOptionsWithoutKeepingAddressObjects() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll only");
        InetSocketAddress server = listen(Transport.EPOLL, "127.0.0.1");
        try (Socket client = connect(server, "127.0.0.2")) {
            CompactEpollChannel ch = assertInstanceOf(CompactEpollChannel.class, acceptedChannel());
            assertEquals(client.getLocalSocketAddress(), ch.remoteAddress());
            assertEquals(server, ch.localAddress());
            assertNotSame(ch.remoteAddress(), ch.remoteAddress(), "made on request, not kept");
            assertSame(listener, ch.parent());
            assertTrue(ch.isActive());
            assertEquals(Boolean.TRUE, ch.config().getOption(ChannelOption.TCP_NODELAY));
            assertTrue(ch.config().getOption(ChannelOption.SO_SNDBUF) >= 65536, "the kernel may double it");
            assertSame(WATER_MARK, ch.config().getWriteBufferWaterMark());
            assertSame(READS, ch.config().getRecvByteBufAllocator());
            List<String> names = ch.pipeline().names();
            assertEquals(List.of(SatelliteChannelInitializer.FRAME_DECODER, SatelliteChannelInitializer.MESSAGE_CODEC,
                    SatelliteChannelInitializer.CONNECTION), names.subList(0, names.size() - 1),
                    "no exception handler before the tail, which sorts: " + names);
            ch.close().syncUninterruptibly();
            assertEquals(client.getLocalSocketAddress(), ch.remoteAddress(), "still known when closed");
            assertNull(ch.localAddress(), "asked of the socket, which is closed");
        }
    }

    @Test
    void everyAcceptedChannelHasItsOwnIdAndHash() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll only");
        InetSocketAddress server = listen(Transport.EPOLL, "127.0.0.1");
        try (Socket a = connect(server, "127.0.0.1"); Socket b = connect(server, "127.0.0.1")) {
            Channel first = acceptedChannel();
            Channel second = acceptedChannel();
            assertNotEquals(first.id(), second.id());
            assertNotEquals(first.id().asLongText(), second.id().asLongText());
            assertNotEquals(first.hashCode(), second.hashCode());
            assertTrue(first.compareTo(second) < 0, "numbered in the order accepted");
        }
    }

    @Test
    void anIpv6RemoteAddressIsReportedToo() throws Exception {
        assumeTrue(Epoll.isAvailable(), "epoll only");
        InetSocketAddress server;
        try {
            server = listen(Transport.EPOLL, "::1");
        } catch (Exception e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (Socket client = connect(server, "::1")) {
            Channel ch = acceptedChannel();
            assertEquals(client.getLocalSocketAddress(), ch.remoteAddress());
            assertEquals(server, ch.localAddress());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aSatelliteThatShutsItsOutputDownIsClosedNotHalfOpen(Transport transport) throws Exception {
        assumeTrue(transport == Transport.NIO || Epoll.isAvailable(), "epoll only where available");
        InetSocketAddress server = listen(transport, "127.0.0.1");
        try (Socket client = connect(server, "127.0.0.1")) {
            Channel ch = acceptedChannel();
            client.shutdownOutput();
            assertTrue(ch.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS), "half-closure is off");
            assertClosed(client.getInputStream());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aMalformedFrameIsToldAndClosed(Transport transport) throws Exception {
        assumeTrue(transport == Transport.NIO || Epoll.isAvailable(), "epoll only where available");
        InetSocketAddress server = listen(transport, "127.0.0.1");
        try (Socket client = connect(server, "127.0.0.1")) {
            client.getOutputStream().write(new byte[] {-1, -1, -1, -1, -1, -1});
            assertEquals(ErrorCode.MALFORMED_FRAME, Frames.readServerMessage(client.getInputStream()).getError().getCode());
            assertClosed(client.getInputStream());
        }
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aWireExceptionFromAnyHandlerIsAViolationWithItsCode(Transport transport) throws Exception {
        assertSorted(transport, new WireException(ErrorCode.FRAME_TOO_LARGE, "too large"), ErrorCode.FRAME_TOO_LARGE);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void anyOtherExceptionIsOurBugAndTheSatelliteIsToldInternal(Transport transport) throws Exception {
        assertSorted(transport, new IllegalStateException("a bug, thrown on purpose by the test"), ErrorCode.INTERNAL);
    }

    @ParameterizedTest
    @EnumSource(Transport.class)
    void aNetworkErrorClosesWithoutAWord(Transport transport) throws Exception {
        assertSorted(transport, new IOException("connection reset, on purpose"), null);
    }

    /** Fires {@code cause} into a logged-out connection's pipeline; the satellite gets {@code told} (or nothing) and a close. */
    private void assertSorted(Transport transport, Throwable cause, ErrorCode told) throws Exception {
        assumeTrue(transport == Transport.NIO || Epoll.isAvailable(), "epoll only where available");
        InetSocketAddress server = listen(transport, "127.0.0.1");
        try (Socket client = connect(server, "127.0.0.1")) {
            client.getOutputStream().write(Frames.frame(Frames.hello()));
            InputStream in = client.getInputStream();
            assertTrue(Frames.readServerMessage(in).hasWelcome());
            Channel ch = acceptedChannel();
            ch.eventLoop().execute(() -> ch.pipeline().fireExceptionCaught(cause));
            if (told == null) {
                assertThrows(EOFException.class, () -> Frames.readServerMessage(in), "closed without a message");
            } else {
                assertEquals(told, Frames.readServerMessage(in).getError().getCode());
                assertClosed(in);
            }
            assertTrue(ch.closeFuture().await(WAIT_SECONDS, TimeUnit.SECONDS));
        }
    }

    private static void assertClosed(InputStream in) throws IOException {
        try {
            assertEquals(-1, in.read(), "the server closes after its error");
        } catch (SocketException reset) {
            // a reset is a close too
        }
    }
}
