package io.constellation.satellite.client;

import io.constellation.proto.satellite.v1.ErrorCode;

/**
 * Why a {@link SatelliteClient} future failed: the server's error code when the server
 * said so (e.g. {@link ErrorCode#LOGIN_FAILED}), else null (the client was closed, the
 * connection was lost before an answer).
 */
public final class SatelliteClientException extends RuntimeException {

    private final ErrorCode code;

    public SatelliteClientException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    /** The server's error code, or null if the server did not send one. */
    public ErrorCode code() {
        return code;
    }
}
