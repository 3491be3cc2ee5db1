package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.satellite.wire.ShareFrame;

/** What can happen to a connection: a message from the satellite, or an answer it waited for. */
enum Event {
    HELLO,
    LOGIN,
    /** A ShareList chunk that is not the last. */
    SHARE_CHUNK,
    /** The last ShareList chunk. */
    SHARE_LAST,
    SHARE_DELTA,
    HEARTBEAT,
    /** The satellite reports an error before it closes. */
    CLIENT_ERROR,
    LOGIN_ACCEPTED,
    LOGIN_REJECTED,
    /** A chunk was resolved and more chunks of the list are due. */
    RESOLVED_CHUNK,
    /** The last chunk or a delta was resolved and applied. */
    RESOLVED_DONE,
    RESOLVE_FAILED;

    /** The event a message is. */
    static Event of(ClientMessage message) {
        return switch (message.getBodyCase()) {
            case HELLO -> HELLO;
            case LOGIN -> LOGIN;
            case SHARE_LIST -> message.getShareList().getLast() ? SHARE_LAST : SHARE_CHUNK;
            case SHARE_DELTA -> SHARE_DELTA;
            case HEARTBEAT -> HEARTBEAT;
            case ERROR -> CLIENT_ERROR;
            case BODY_NOT_SET -> throw new IllegalArgumentException("the message codec lets no empty message through");
        };
    }

    /** The event a ShareList chunk or ShareDelta is. */
    static Event of(ShareFrame share) {
        return share.isDelta() ? SHARE_DELTA : share.last() ? SHARE_LAST : SHARE_CHUNK;
    }

    /** A human name for error messages: the message or answer this event is. */
    String describe() {
        return switch (this) {
            case HELLO -> "Hello";
            case LOGIN -> "Login";
            case SHARE_CHUNK, SHARE_LAST -> "ShareList";
            case SHARE_DELTA -> "ShareDelta";
            case HEARTBEAT -> "Heartbeat";
            case CLIENT_ERROR -> "Error";
            default -> name();
        };
    }
}
