package io.constellation.satellite.wire;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The socket transport: Linux epoll where the native library loads, else Java NIO. Event
 * loops and channels must come from the same transport; {@link #of} tells which one a
 * group was made with.
 */
public enum Transport {
    /** Linux epoll (netty-transport-native-epoll): fewer system calls and objects per read. */
    EPOLL,
    /** Java NIO: works everywhere. */
    NIO;

    /** Epoll if it is available here, else NIO. */
    public static Transport best() {
        return Epoll.isAvailable() ? EPOLL : NIO;
    }

    /** Why epoll is not available, or null if it is. */
    public static Throwable epollUnavailabilityCause() {
        return Epoll.isAvailable() ? null : Epoll.unavailabilityCause();
    }

    /** The transport {@code group} was built with. */
    public static Transport of(IoEventLoopGroup group) {
        return group.isIoType(EpollIoHandler.class) ? EPOLL : NIO;
    }

    /**
     * A new group of {@code threads} event loops of this transport.
     *
     * @param daemon whether its threads let the JVM exit while they run
     */
    public IoEventLoopGroup newGroup(int threads, String threadNamePrefix, boolean daemon) {
        DefaultThreadFactory factory = new DefaultThreadFactory(threadNamePrefix, daemon);
        return new MultiThreadIoEventLoopGroup(threads, factory,
                this == EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** The listening channel class of this transport. */
    public Class<? extends ServerChannel> serverChannel() {
        return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    /** The connecting channel class of this transport. */
    public Class<? extends SocketChannel> socketChannel() {
        return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
    }
}
