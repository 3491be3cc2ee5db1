package io.constellation.satellite.internal;

import io.netty.channel.ChannelId;
import io.netty.channel.DefaultChannelPipeline;
import io.netty.channel.epoll.AbstractEpollStreamChannel;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.channel.epoll.LinuxSocket;
import io.netty.channel.unix.NativeInetAddress;
import io.netty.util.AttributeKey;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * An accepted satellite connection on epoll: Netty's {@code EpollSocketChannel} with less
 * kept per channel, through Netty's public and protected extension points only.
 * <ul>
 *   <li>No socket addresses held: Netty's channel fetches and keeps both as soon as it
 *       exists (96 bytes each: address, holder, InetAddress, holder). Here the remote
 *       address is kept as its four IPv4 bytes and port in this object (IPv6 addresses in
 *       the channel's attributes) and made on request; the local one is asked of the socket on
 *       request, and is null once the socket is closed. Neither is cached by the channel.</li>
 *   <li>A {@link CompactChannelId} of 16 bytes instead of Netty's 48.</li>
 *   <li>A {@link SortingPipeline}, whose tail sorts exceptions, so the pipeline needs no
 *       exception handler of its own (a context of 64 bytes).</li>
 * </ul>
 * Everything else (reads, writes, water marks, auto-read, close) is Netty's stream channel
 * code, unchanged. Half-closure is off, as on Netty's socket channel by default.
 */
final class CompactEpollChannel extends AbstractEpollStreamChannel {

    private final CompactEpollServerChannel parent;
    private final CompactEpollChannelConfig config;
    /**
     * An IPv6 remote address, kept in the channel's attributes: a field for it would make
     * every channel 8 bytes larger (object sizes go by 8), the attribute costs only
     * channels that have one.
     */
    private static final AttributeKey<InetSocketAddress> REMOTE_IPV6 =
            AttributeKey.valueOf(CompactEpollChannel.class, "remote-ipv6");

    /** The remote IPv4 address, big-endian; 0 if the remote address is IPv6. */
    private final int remoteIpv4;
    private final char remotePort;

    /**
     * @param remote the remote address in the layout of Netty's native accept, at
     *               {@code offset} for {@code length} bytes
     * @param number the id's sequence number, unique among the server channel's children
     */
    CompactEpollChannel(CompactEpollServerChannel parent, LinuxSocket socket, byte[] remote, int offset, int length,
            int number) {
        // Constructed as not yet active: that constructor fetches no addresses.
        super(socket, false);
        active = true;
        this.parent = parent;
        ((CompactChannelId) id()).number(number);
        InetSocketAddress address = NativeInetAddress.address(remote, offset, length);
        if (address.getAddress() instanceof Inet4Address v4) {
            byte[] b = v4.getAddress();
            remoteIpv4 = (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
            remotePort = (char) address.getPort();
        } else {
            remoteIpv4 = 0;
            remotePort = 0;
            attr(REMOTE_IPV6).set(address);
        }
        config = new CompactEpollChannelConfig(this);
    }

    @Override
    protected ChannelId newId() {
        return new CompactChannelId();
    }

    @Override
    protected DefaultChannelPipeline newChannelPipeline() {
        return new SortingPipeline(this);
    }

    @Override
    public EpollChannelConfig config() {
        return config;
    }

    @Override
    public CompactEpollServerChannel parent() {
        return parent;
    }

    /** Made on each call, not cached: a connection keeps no address object while it is idle. */
    @Override
    public SocketAddress remoteAddress() {
        return remoteAddress0();
    }

    /** Asked of the socket on each call, not cached; null once the socket is closed. */
    @Override
    public SocketAddress localAddress() {
        return localAddress0();
    }

    @Override
    protected SocketAddress remoteAddress0() {
        if (remotePort == 0) {
            return attr(REMOTE_IPV6).get();
        }
        byte[] b = {(byte) (remoteIpv4 >>> 24), (byte) (remoteIpv4 >>> 16), (byte) (remoteIpv4 >>> 8),
                (byte) remoteIpv4};
        try {
            return new InetSocketAddress(InetAddress.getByAddress(b), remotePort);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    @Override
    protected SocketAddress localAddress0() {
        return isOpen() ? ((LinuxSocket) fd()).localAddress() : null;
    }
}
