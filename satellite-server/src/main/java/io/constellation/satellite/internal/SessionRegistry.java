package io.constellation.satellite.internal;

import it.unimi.dsi.fastutil.Hash;
import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.objects.ObjectOpenCustomHashSet;

/**
 * The logged-in connection of each user: one session per user, the latest login wins.
 *
 * <p>Thread-safe: connections of every event loop register and leave here. Striped hash
 * sets of connections, told apart by the user id each connection holds, under plain
 * locks: a session costs one reference slot of a table (4 to 11 bytes with the load
 * factor), where a map from a long key would cost 12 to 32 and a ConcurrentHashMap a node
 * and a boxed key besides. A lock is held for one set operation, a few thousand times a
 * second at most.
 */
final class SessionRegistry {

    private static final int STRIPES = 16;

    /** Connections are equal here when they are of the same user. Stateless. */
    private static final Hash.Strategy<ConnectionHandler> BY_USER = new Hash.Strategy<>() {
        @Override
        public int hashCode(ConnectionHandler c) {
            return c == null ? 0 : HashCommon.long2int(HashCommon.mix(c.userId()));
        }

        @Override
        public boolean equals(ConnectionHandler a, ConnectionHandler b) {
            return a == b || a != null && b != null && a.userId() == b.userId();
        }
    };

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ObjectOpenCustomHashSet<ConnectionHandler>[] stripes = new ObjectOpenCustomHashSet[STRIPES];

    SessionRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new ObjectOpenCustomHashSet<>(BY_USER);
        }
    }

    /**
     * Makes {@code connection} the session of its user ({@link ConnectionHandler#userId()},
     * which must not change while registered); returns the one it replaces, or null.
     */
    ConnectionHandler register(ConnectionHandler connection) {
        ObjectOpenCustomHashSet<ConnectionHandler> stripe = stripe(connection.userId());
        synchronized (stripe) {
            ConnectionHandler previous = stripe.addOrGet(connection);
            if (previous == connection) {
                return null;
            }
            stripe.remove(previous);
            stripe.add(connection);
            return previous;
        }
    }

    /** Forgets {@code connection} if it is still the session of its user. */
    void unregister(ConnectionHandler connection) {
        ObjectOpenCustomHashSet<ConnectionHandler> stripe = stripe(connection.userId());
        synchronized (stripe) {
            if (stripe.get(connection) == connection) {
                stripe.remove(connection);
            }
        }
    }

    /** Logged-in sessions now. */
    int size() {
        int n = 0;
        for (ObjectOpenCustomHashSet<ConnectionHandler> stripe : stripes) {
            synchronized (stripe) {
                n += stripe.size();
            }
        }
        return n;
    }

    private ObjectOpenCustomHashSet<ConnectionHandler> stripe(long userId) {
        return stripes[(int) (userId ^ (userId >>> 32)) & (STRIPES - 1)];
    }
}
