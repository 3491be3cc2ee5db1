package io.constellation.satellite.client.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.satellite.wire.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientBootstrapsTest {

    private final IoEventLoopGroup group = Transport.best().newGroup(1, "bootstraps-test", true);

    @AfterEach
    void shutDown() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static InetSocketAddress at(String host) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(host), 7000);
    }

    @Test
    void ipv4SocketsOnlyWhenEveryAddressIsIpv4AndResolved() throws Exception {
        InetAddress v4 = InetAddress.getByName("127.0.0.2");
        InetAddress v6 = InetAddress.getByName("::1");
        assertTrue(ClientBootstraps.ipv4Only(List.of(at("127.0.0.1")), null));
        assertTrue(ClientBootstraps.ipv4Only(List.of(at("127.0.0.1"), at("127.0.0.3")), v4));
        assertFalse(ClientBootstraps.ipv4Only(List.of(at("127.0.0.1"), at("::1")), null));
        assertFalse(ClientBootstraps.ipv4Only(List.of(at("127.0.0.1")), v6));
        assertFalse(ClientBootstraps.ipv4Only(List.of(InetSocketAddress.createUnresolved("example.invalid", 7000)), null));
    }

    @Test
    void theLocalPortIsLeftToConnectOnEpollOnlyWithALocalAddress() throws Exception {
        IoEventLoop loop = (IoEventLoop) group.next();
        List<InetSocketAddress> servers = List.of(at("127.0.0.1"));
        Bootstrap from = ClientBootstraps.of(loop, servers, InetAddress.getByName("127.0.0.2"), 1000,
                new ChannelInboundHandlerAdapter());
        Bootstrap any = ClientBootstraps.of(loop, servers, null, 1000, new ChannelInboundHandlerAdapter());
        if (Transport.of(loop) == Transport.EPOLL) {
            assertEquals(Boolean.TRUE, from.config().options().get(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT));
        } else {
            assertNull(from.config().options().get(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT));
        }
        assertNull(any.config().options().get(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT));
    }
}
