package io.constellation.satellite.internal;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelConfig;
import io.netty.util.NetUtil;
import java.io.IOException;
import java.util.Map;

/**
 * The configuration of a {@link CompactEpollServerChannel}: Netty's generic options plus
 * {@code SO_BACKLOG}, {@code SO_REUSEADDR} and {@code SO_RCVBUF} (which accepted sockets
 * inherit). Netty's {@code EpollServerSocketChannelConfig} cannot be made for a channel of
 * ours (its constructor is package-private).
 */
final class CompactEpollServerChannelConfig extends EpollChannelConfig {

    private volatile int backlog = NetUtil.SOMAXCONN;

    CompactEpollServerChannelConfig(CompactEpollServerChannel channel) {
        super(channel);
        try {
            // As Netty's server channels do, so a restarted server can bind at once.
            socket().setReuseAddress(true);
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }

    int backlog() {
        return backlog;
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(),
                ChannelOption.SO_BACKLOG, ChannelOption.SO_REUSEADDR, ChannelOption.SO_RCVBUF);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        try {
            if (option == ChannelOption.SO_BACKLOG) {
                return (T) Integer.valueOf(backlog);
            }
            if (option == ChannelOption.SO_REUSEADDR) {
                return (T) Boolean.valueOf(socket().isReuseAddress());
            }
            if (option == ChannelOption.SO_RCVBUF) {
                return (T) Integer.valueOf(socket().getReceiveBufferSize());
            }
        } catch (IOException e) {
            throw new ChannelException(e);
        }
        return super.getOption(option);
    }

    @Override
    public <T> boolean setOption(ChannelOption<T> option, T value) {
        validate(option, value);
        try {
            if (option == ChannelOption.SO_BACKLOG) {
                int n = (Integer) value;
                if (n < 0) {
                    throw new IllegalArgumentException("SO_BACKLOG must be 0 or more, not " + n);
                }
                backlog = n;
            } else if (option == ChannelOption.SO_REUSEADDR) {
                socket().setReuseAddress((Boolean) value);
            } else if (option == ChannelOption.SO_RCVBUF) {
                socket().setReceiveBufferSize((Integer) value);
            } else {
                return super.setOption(option, value);
            }
        } catch (IOException e) {
            throw new ChannelException(e);
        }
        return true;
    }
}
