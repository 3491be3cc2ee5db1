package io.constellation.deploy.loadgen;

import io.constellation.satellite.client.SatelliteClientException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load generator's counters, bumped from the clients' event loops and read once a
 * second by the driver thread. Cumulative counts are {@link LongAdder}s (no contention
 * between the event loops); the two gauges are atomics.
 */
final class LoadStats {

    /** Clients started: the first login of every slot and every re-login after a logout. */
    final LongAdder attempts = new LongAdder();
    /** Sessions that reached online (ShareAck of the full list), reconnects included. */
    final LongAdder logins = new LongAdder();
    /** Error LOGIN_FAILED received. */
    final LongAdder loginFailed = new LongAdder();
    /** Error LOGIN_THROTTLED received. */
    final LongAdder throttled = new LongAdder();
    /** Error SERVER_BUSY received (connection limit, catalog unavailable, draining). */
    final LongAdder busy = new LongAdder();
    /** Any other Error received. */
    final LongAdder otherErrors = new LongAdder();
    /** Connections lost that the load generator did not close. */
    final LongAdder disconnects = new LongAdder();
    /** Clients that stopped for good (e.g. wrong password) before being online once. */
    final LongAdder failedLogins = new LongAdder();
    /** The same clients by reason: the server's error code, or what the client said; a handful of keys. */
    private final Map<String, LongAdder> failedBy = new ConcurrentHashMap<>();
    /** Logouts made by churn. */
    final LongAdder logouts = new LongAdder();
    /** Churn logouts skipped because no satellite was online to log out. */
    final LongAdder churnSkipped = new LongAdder();
    /** Connection attempts that failed, of clients already closed (the live ones are asked directly). */
    final LongAdder retiredRefused = new LongAdder();
    /** Satellites of the ramp (each slot's first client) online at least once. */
    final AtomicInteger rampOnline = new AtomicInteger();
    /** Satellites of the ramp that are online or gave up. */
    final AtomicInteger rampSettled = new AtomicInteger();

    /** TCP connections open now. */
    final AtomicInteger connected = new AtomicInteger();
    /** Sessions online now. */
    final AtomicInteger online = new AtomicInteger();

    /** Counts a client that gave up before being online once. Any thread. */
    void gaveUp(SatelliteClientException reason) {
        failedLogins.increment();
        failedBy.computeIfAbsent(reasonKey(reason), k -> new LongAdder()).increment();
    }

    /** A bounded key: the error code, else the kind of stop the client library reports without one. */
    private static String reasonKey(SatelliteClientException reason) {
        if (reason.code() != null) {
            return reason.code().name().toLowerCase(java.util.Locale.ROOT);
        }
        String m = String.valueOf(reason.getMessage());
        return m.startsWith("replaced by another login") ? "session_replaced"
                : m.startsWith("connection lost") ? "connection_lost" : "other";
    }

    /** The cumulative counts now; {@code liveRefused} is supplied by the caller, who asks the live clients. */
    LoadTotals totals(long liveRefused) {
        return new LoadTotals(attempts.sum(), logins.sum(), loginFailed.sum(), retiredRefused.sum() + liveRefused,
                busy.sum(), throttled.sum(), disconnects.sum(), otherErrors.sum(), failedLogins.sum(), failedByReason(),
                logouts.sum(), churnSkipped.sum());
    }

    private Map<String, Long> failedByReason() {
        Map<String, Long> m = new TreeMap<>();
        failedBy.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
