package io.constellation.satellite.client.internal;

import io.constellation.proto.satellite.v1.ServerMessage;
import io.netty.channel.Channel;

/**
 * What a client's channel tells the client that owns it. Called on the channel's event
 * loop; the channel is passed so that a late event of an old connection can be told apart
 * from the current one.
 */
public interface ClientEvents {

    void connected(Channel channel);

    void received(Channel channel, ServerMessage message);

    /** The end of a read batch: the moment to flush what the batch made us write. */
    void readComplete(Channel channel);

    void disconnected(Channel channel);

    void failed(Channel channel, Throwable cause);
}
