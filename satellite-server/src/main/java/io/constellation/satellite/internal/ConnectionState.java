package io.constellation.satellite.internal;

/**
 * Where a satellite connection is in the protocol. Which events each state allows, and
 * where they lead, is {@link Transitions}' table; nothing else changes a state.
 */
enum ConnectionState {
    /** Accepted; waiting for Hello. */
    CONNECTED(false),
    /** Hello answered with Welcome; waiting for Login. */
    HELLO_RECEIVED(false),
    /** A Login is with the authenticator; reading is paused and messages wait their turn. */
    LOGGING_IN(true),
    /** Logged in; share list complete (or none sent yet). */
    ONLINE(false),
    /** Logged in; some chunks of a share list received, not the last one. */
    RECEIVING_LIST(false),
    /** Files of a chunk or delta are with the resolver; reading is paused, messages wait. */
    RESOLVING(true),
    /** An error or notice was sent and the channel is closing; everything is ignored. */
    CLOSING(false);

    private final boolean awaiting;

    ConnectionState(boolean awaiting) {
        this.awaiting = awaiting;
    }

    /**
     * True while an answer from off the event loop is pending: messages that arrive are
     * queued (not judged) until it comes, then judged in order by the state it led to.
     */
    boolean awaiting() {
        return awaiting;
    }
}
