package io.constellation.satellite.internal;

import io.netty.channel.Channel;
import io.netty.channel.DefaultChannelPipeline;

/**
 * The pipeline of a {@link CompactEpollChannel}: its tail is the last exception handler.
 * Every exception no handler consumed reaches the tail, which hands it to
 * {@link ExceptionSorter#sort} exactly as the {@link ExceptionSorter} handler at the end of
 * a stock channel's pipeline would; with the tail doing that job, the pipeline needs no
 * exception handler of its own, whose context would cost 64 bytes on every connection.
 */
final class SortingPipeline extends DefaultChannelPipeline {

    SortingPipeline(Channel channel) {
        super(channel);
    }

    @Override
    protected void onUnhandledInboundException(Throwable cause) {
        ExceptionSorter.sort(this, cause);
    }
}
