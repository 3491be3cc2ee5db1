package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.Heartbeat;
import io.constellation.proto.satellite.v1.LoginAccepted;
import io.constellation.proto.satellite.v1.Notice;
import io.constellation.proto.satellite.v1.NoticeKind;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.proto.satellite.v1.Welcome;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.login.LoginOutcome;
import io.constellation.satellite.wire.WireLimits;
import com.google.protobuf.ByteString;

/** Builds the messages a satellite server sends. Stateless. */
final class Replies {

    private Replies() {
    }

    /** The answer to Hello: the same for every connection of a server, so built once. */
    static ServerMessage welcome(SatelliteServerConfig config) {
        return ServerMessage.newBuilder().setWelcome(Welcome.newBuilder()
                .setProtocolVersion(WireLimits.PROTOCOL_VERSION)
                .setServerId(config.serverId())
                .setMaxFrameBytes(config.maxFrameBytes())
                .setMaxFilesPerChunk(config.maxFilesPerChunk())
                .setMaxSharedFiles(config.maxSharedFiles())
                .setHeartbeatIntervalMs((int) config.heartbeatInterval().toMillis()))
                .build();
    }

    static ServerMessage error(ErrorCode code, String message, long retryAfterMillis) {
        return ServerMessage.newBuilder().setError(Error.newBuilder()
                .setCode(code)
                .setMessage(message)
                .setRetryAfterMs((int) Math.min(Integer.MAX_VALUE, Math.max(0, retryAfterMillis))))
                .build();
    }

    static ServerMessage notice(NoticeKind kind, String text, int reconnectAfterMillis) {
        return ServerMessage.newBuilder().setNotice(Notice.newBuilder()
                .setKind(kind)
                .setText(text)
                .setReconnectAfterMs(reconnectAfterMillis))
                .build();
    }

    static ServerMessage loginAccepted(LoginOutcome.Accepted login) {
        byte[] token = login.sessionToken();
        return ServerMessage.newBuilder().setLoginAccepted(LoginAccepted.newBuilder()
                .setSessionToken(token == null ? ByteString.EMPTY : ByteString.copyFrom(token))
                .setMaxSend(login.maxSend())
                .setMaxRecv(login.maxRecv()))
                .build();
    }

    static ServerMessage shareAck(int accepted, int rejected, int sharedFiles, int sharedTracks) {
        return ServerMessage.newBuilder().setShareAck(ShareAck.newBuilder()
                .setAccepted(accepted)
                .setRejected(rejected)
                .setSharedFiles(sharedFiles)
                .setSharedTracks(sharedTracks))
                .build();
    }

    /** Echoes the satellite's heartbeat, so its sent_at_ms gives the satellite a round trip. */
    static ServerMessage heartbeat(Heartbeat received) {
        return ServerMessage.newBuilder().setHeartbeat(received).build();
    }
}
