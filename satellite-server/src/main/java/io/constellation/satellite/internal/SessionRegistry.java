package io.constellation.satellite.internal;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;

/**
 * The logged-in connection of each user: one session per user, the latest login wins.
 *
 * <p>Thread-safe: connections of every event loop register and leave here. Striped
 * primitive maps under plain locks instead of a ConcurrentHashMap, whose node and boxed
 * key cost 56 bytes per session; here a session costs a slot of a long and a reference.
 * A lock is held for one map operation, a few thousand times a second at most.
 */
final class SessionRegistry {

    private static final int STRIPES = 16;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final Long2ObjectOpenHashMap<ConnectionHandler>[] stripes = new Long2ObjectOpenHashMap[STRIPES];

    SessionRegistry() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Long2ObjectOpenHashMap<>();
        }
    }

    /** Makes {@code connection} the session of {@code userId}; returns the one it replaces, or null. */
    ConnectionHandler register(long userId, ConnectionHandler connection) {
        Long2ObjectOpenHashMap<ConnectionHandler> stripe = stripe(userId);
        ConnectionHandler previous;
        synchronized (stripe) {
            previous = stripe.put(userId, connection);
        }
        return previous == connection ? null : previous;
    }

    /** Forgets {@code connection} if it is still the session of {@code userId}. */
    void unregister(long userId, ConnectionHandler connection) {
        Long2ObjectOpenHashMap<ConnectionHandler> stripe = stripe(userId);
        synchronized (stripe) {
            stripe.remove(userId, connection);
        }
    }

    /** Logged-in sessions now. */
    int size() {
        int n = 0;
        for (Long2ObjectOpenHashMap<ConnectionHandler> stripe : stripes) {
            synchronized (stripe) {
                n += stripe.size();
            }
        }
        return n;
    }

    private Long2ObjectOpenHashMap<ConnectionHandler> stripe(long userId) {
        return stripes[(int) (userId ^ (userId >>> 32)) & (STRIPES - 1)];
    }
}
