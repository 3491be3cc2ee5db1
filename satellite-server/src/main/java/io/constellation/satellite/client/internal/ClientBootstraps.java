package io.constellation.satellite.client.internal;

import io.constellation.satellite.wire.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoop;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.PlatformDependent;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.List;

/**
 * The bootstrap of a client's connections, made with as few system calls per connection as
 * the transport allows, because a load generator opens thousands of connections a second
 * and the kernel's share of each is most of its cost:
 * <ul>
 *   <li>IPv4 sockets when every address is IPv4 (a dual-stack socket costs an
 *       {@code IPV6_V6ONLY} call and the mapped-address path in connect);</li>
 *   <li>with a local address, {@code IP_BIND_ADDRESS_NO_PORT} on epoll: the port is picked at
 *       connect time from the whole 4-tuple, instead of by a bind-time search of the port
 *       table, which is slow with tens of thousands of TIME_WAIT sockets of that address;</li>
 *   <li>{@code TCP_NODELAY} set only where the transport does not set it by default;</li>
 *   <li>channels made by a constructor reference, not by reflection.</li>
 * </ul>
 */
public final class ClientBootstraps {

    private static final ChannelFactory<Channel> EPOLL_IPV4 = () -> new EpollSocketChannel(SocketProtocolFamily.INET);
    private static final ChannelFactory<Channel> EPOLL_ANY = EpollSocketChannel::new;
    private static final ChannelFactory<Channel> NIO_IPV4 =
            () -> new NioSocketChannel(SelectorProvider.provider(), SocketProtocolFamily.INET);
    private static final ChannelFactory<Channel> NIO_ANY = NioSocketChannel::new;

    private ClientBootstraps() {
    }

    /**
     * A bootstrap for connections from {@code localAddress} (null: any) to any of
     * {@code servers}, on {@code loop}, with {@code initializer} as their handler.
     */
    public static Bootstrap of(IoEventLoop loop, List<InetSocketAddress> servers, InetAddress localAddress,
            int connectTimeoutMillis, ChannelHandler initializer) {
        // Asked of the loop, not its group: a group's isIoType calls next() again.
        Transport transport = Transport.of(loop);
        boolean ipv4 = ipv4Only(servers, localAddress);
        Bootstrap b = new Bootstrap()
                .group(loop)
                .channelFactory(transport == Transport.EPOLL ? (ipv4 ? EPOLL_IPV4 : EPOLL_ANY) : (ipv4 ? NIO_IPV4 : NIO_ANY))
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                .handler(initializer);
        if (!PlatformDependent.canEnableTcpNoDelayByDefault()) {
            b.option(ChannelOption.TCP_NODELAY, true);
        }
        if (transport == Transport.EPOLL && localAddress != null) {
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        return b;
    }

    /** Whether every server address and the local address (if any) is IPv4 and resolved. */
    static boolean ipv4Only(List<InetSocketAddress> servers, InetAddress localAddress) {
        if (localAddress != null && !(localAddress instanceof Inet4Address)) {
            return false;
        }
        for (InetSocketAddress s : servers) {
            if (!(s.getAddress() instanceof Inet4Address)) {
                return false;
            }
        }
        return true;
    }
}
