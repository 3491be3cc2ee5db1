package io.constellation.satellite.wire;

import com.google.protobuf.MessageLite;

/**
 * Told about the traffic of a connection, for metrics. Called on the channel's event loop
 * for every read and every message, so implementations must be cheap and must not block.
 */
public interface FrameObserver {

    /** Observes nothing. */
    FrameObserver NONE = new FrameObserver() {
    };

    /** {@code bytes} arrived from the socket (length prefixes included). */
    default void bytesIn(int bytes) {
    }

    /** A complete message was decoded. */
    default void messageIn(MessageLite message) {
    }

    /** A ShareList or ShareDelta was decoded (the server's codec passes those on as {@link ShareFrame}s). */
    default void shareFrameIn(ShareFrame frame) {
    }

    /** A message was encoded into a frame of {@code bytes} bytes (length prefix included). */
    default void messageOut(MessageLite message, int bytes) {
    }
}
