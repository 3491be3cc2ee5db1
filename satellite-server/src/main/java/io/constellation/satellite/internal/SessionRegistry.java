package io.constellation.satellite.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The logged-in connection of each user: one session per user, the latest login wins.
 * Thread-safe: connections of every event loop register and leave here.
 */
final class SessionRegistry {

    private final ConcurrentHashMap<Long, ConnectionHandler> byUser = new ConcurrentHashMap<>();

    /** Makes {@code connection} the session of {@code userId}; returns the one it replaces, or null. */
    ConnectionHandler register(long userId, ConnectionHandler connection) {
        ConnectionHandler previous = byUser.put(userId, connection);
        return previous == connection ? null : previous;
    }

    /** Forgets {@code connection} if it is still the session of {@code userId}. */
    void unregister(long userId, ConnectionHandler connection) {
        byUser.remove(userId, connection);
    }

    /** Logged-in sessions now. */
    int size() {
        return byUser.size();
    }
}
