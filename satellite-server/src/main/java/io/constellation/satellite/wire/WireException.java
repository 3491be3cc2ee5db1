package io.constellation.satellite.wire;

import io.constellation.proto.satellite.v1.ErrorCode;
import io.netty.handler.codec.DecoderException;

/**
 * Bytes or a message that break the satellite protocol, with the {@link ErrorCode} the
 * peer is told before the connection closes.
 *
 * <p>Extends {@link DecoderException} so that Netty's decoders pass it on unwrapped to the
 * pipeline's exception handler. Carries no stack trace: it describes the peer's input, not
 * our code, and a peer sending garbage must not make us pay for stack walks.
 */
public final class WireException extends DecoderException {

    private final ErrorCode code;

    public WireException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** What the peer is told. */
    public ErrorCode code() {
        return code;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
