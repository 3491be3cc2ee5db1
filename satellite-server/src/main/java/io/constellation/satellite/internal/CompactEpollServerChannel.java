package io.constellation.satellite.internal;

import io.netty.channel.Channel;
import io.netty.channel.epoll.AbstractEpollServerChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.epoll.LinuxSocket;
import java.net.SocketAddress;

/**
 * The satellite server's listening channel on epoll: Netty's {@code EpollServerSocketChannel}
 * but for the channels it makes of accepted sockets, {@link CompactEpollChannel}s, some 300
 * bytes smaller each. Netty's own is final; this one extends the same public base class
 * through its protected extension point, {@code newChildChannel}. TCP fast open and MD5
 * signatures, which the satellite server does not use, are left out.
 *
 * <p>Used on its event loop only, as Netty uses it, except {@link #config()}.
 */
public final class CompactEpollServerChannel extends AbstractEpollServerChannel {

    private final CompactEpollServerChannelConfig config;
    /** Numbers the accepted channels' ids; only the accepting event loop touches it. */
    private int accepted;

    public CompactEpollServerChannel() {
        super(LinuxSocket.newSocketStream(), false);
        config = new CompactEpollServerChannelConfig(this);
    }

    @Override
    public EpollChannelConfig config() {
        return config;
    }

    @Override
    protected void doBind(SocketAddress local) throws Exception {
        super.doBind(local);
        ((LinuxSocket) fd()).listen(config.backlog());
        active = true;
        // Netty adds a channel's descriptor to epoll once it is active: for a listening
        // channel that is now, with the operations it was registered with (EPOLLERR: it
        // cannot have been asked to read before it was active). Netty's own server channel
        // does the same here through a package-private method.
        registration().submit(EpollIoOps.EPOLLERR);
    }

    @Override
    protected Channel newChildChannel(int fd, byte[] remote, int offset, int length) {
        return new CompactEpollChannel(this, LinuxSocket.newSocket(fd), remote, offset, length, ++accepted);
    }
}
