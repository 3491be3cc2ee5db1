package io.constellation.satellite.internal;

import static io.constellation.satellite.internal.ConnectionState.CLOSING;
import static io.constellation.satellite.internal.ConnectionState.CONNECTED;
import static io.constellation.satellite.internal.ConnectionState.HELLO_RECEIVED;
import static io.constellation.satellite.internal.ConnectionState.LOGGING_IN;
import static io.constellation.satellite.internal.ConnectionState.ONLINE;
import static io.constellation.satellite.internal.ConnectionState.RECEIVING_LIST;
import static io.constellation.satellite.internal.ConnectionState.RESOLVING;
import static io.constellation.satellite.internal.Event.CLIENT_ERROR;
import static io.constellation.satellite.internal.Event.HEARTBEAT;
import static io.constellation.satellite.internal.Event.HELLO;
import static io.constellation.satellite.internal.Event.LOGIN;
import static io.constellation.satellite.internal.Event.LOGIN_ACCEPTED;
import static io.constellation.satellite.internal.Event.LOGIN_REJECTED;
import static io.constellation.satellite.internal.Event.RESOLVED_CHUNK;
import static io.constellation.satellite.internal.Event.RESOLVED_DONE;
import static io.constellation.satellite.internal.Event.RESOLVE_FAILED;
import static io.constellation.satellite.internal.Event.SHARE_CHUNK;
import static io.constellation.satellite.internal.Event.SHARE_DELTA;
import static io.constellation.satellite.internal.Event.SHARE_LAST;

import java.util.EnumMap;
import java.util.Map;

/**
 * The table of valid transitions of a satellite connection: for each state, the events it
 * allows and the state each leads to. An event missing from a state's row is a protocol
 * violation (the connection gets Error(PROTOCOL_VIOLATION) and is closed), except in
 * {@link ConnectionState#CLOSING}, where everything is ignored, and in the awaiting states,
 * where messages are queued and judged later (see {@link ConnectionState#awaiting()}).
 *
 * <p>Guards that look into a message (chunk order, limits, the protocol version) are the
 * connection's; the table only says which kind of event may come when.
 */
final class Transitions {

    private static final Map<ConnectionState, Map<Event, ConnectionState>> TABLE = new EnumMap<>(ConnectionState.class);

    static {
        row(CONNECTED,
                HELLO, HELLO_RECEIVED,
                CLIENT_ERROR, CLOSING);
        row(HELLO_RECEIVED,
                LOGIN, LOGGING_IN,
                CLIENT_ERROR, CLOSING);
        row(LOGGING_IN,
                LOGIN_ACCEPTED, ONLINE,
                LOGIN_REJECTED, CLOSING);
        row(ONLINE,
                SHARE_CHUNK, RESOLVING,
                SHARE_LAST, RESOLVING,
                SHARE_DELTA, RESOLVING,
                HEARTBEAT, ONLINE,
                CLIENT_ERROR, CLOSING);
        row(RECEIVING_LIST,
                SHARE_CHUNK, RESOLVING,
                SHARE_LAST, RESOLVING,
                HEARTBEAT, RECEIVING_LIST,
                CLIENT_ERROR, CLOSING);
        row(RESOLVING,
                RESOLVED_CHUNK, RECEIVING_LIST,
                RESOLVED_DONE, ONLINE,
                RESOLVE_FAILED, CLOSING);
        row(CLOSING);
    }

    private Transitions() {
    }

    /** The state {@code event} leads to from {@code state}, or null if the table does not allow it. */
    static ConnectionState next(ConnectionState state, Event event) {
        return TABLE.get(state).get(event);
    }

    private static void row(ConnectionState from, Object... eventThenState) {
        Map<Event, ConnectionState> row = new EnumMap<>(Event.class);
        for (int i = 0; i < eventThenState.length; i += 2) {
            row.put((Event) eventThenState[i], (ConnectionState) eventThenState[i + 1]);
        }
        TABLE.put(from, row);
    }
}
