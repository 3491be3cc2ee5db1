package io.constellation.satellite.internal;

import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelConfig;
import java.io.IOException;
import java.util.Map;

/**
 * The configuration of a {@link CompactEpollChannel}: Netty's generic options (allocator,
 * read buffers, water marks, auto-read) plus the three socket options the satellite
 * server sets, {@code TCP_NODELAY}, {@code SO_SNDBUF} and {@code SO_RCVBUF}. Netty's
 * {@code EpollSocketChannelConfig} cannot be made for a channel of ours (its constructor
 * is package-private); this one does what it does for these options, including sizing
 * gathering writes to twice the send buffer. Half-closure stays off, as there.
 */
final class CompactEpollChannelConfig extends EpollChannelConfig {

    CompactEpollChannelConfig(CompactEpollChannel channel) {
        super(channel);
        fitGatheringWritesToSendBuffer();
    }

    @Override
    public Map<ChannelOption<?>, Object> getOptions() {
        return getOptions(super.getOptions(),
                ChannelOption.TCP_NODELAY, ChannelOption.SO_SNDBUF, ChannelOption.SO_RCVBUF);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(ChannelOption<T> option) {
        try {
            if (option == ChannelOption.TCP_NODELAY) {
                return (T) Boolean.valueOf(socket().isTcpNoDelay());
            }
            if (option == ChannelOption.SO_SNDBUF) {
                return (T) Integer.valueOf(socket().getSendBufferSize());
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
            if (option == ChannelOption.TCP_NODELAY) {
                socket().setTcpNoDelay((Boolean) value);
            } else if (option == ChannelOption.SO_SNDBUF) {
                socket().setSendBufferSize((Integer) value);
                fitGatheringWritesToSendBuffer();
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

    /** As Netty's socket channels do: at most twice the send buffer per gathering write. */
    private void fitGatheringWritesToSendBuffer() {
        try {
            int twice = socket().getSendBufferSize() << 1;
            if (twice > 0) {
                setMaxBytesPerGatheringWrite(twice);
            }
        } catch (IOException e) {
            throw new ChannelException(e);
        }
    }
}
