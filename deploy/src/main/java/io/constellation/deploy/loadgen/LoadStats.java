package io.constellation.deploy.loadgen;

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
    /** TCP connections established. */
    final LongAdder connectEvents = new LongAdder();
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
    /** Logouts made by churn. */
    final LongAdder logouts = new LongAdder();
    /** Churn logouts skipped because no satellite was online to log out. */
    final LongAdder churnSkipped = new LongAdder();
    /** Connection attempts of clients already closed (the live ones are asked directly). */
    final LongAdder retiredConnectAttempts = new LongAdder();
    /** Satellites of the ramp (each slot's first client) online at least once. */
    final AtomicInteger rampOnline = new AtomicInteger();
    /** Satellites of the ramp that are online or gave up. */
    final AtomicInteger rampSettled = new AtomicInteger();

    /** TCP connections open now. */
    final AtomicInteger connected = new AtomicInteger();
    /** Sessions online now. */
    final AtomicInteger online = new AtomicInteger();

    /** The cumulative counts now; {@code connectAttempts} is supplied by the caller, who asks the live clients. */
    LoadTotals totals(long liveConnectAttempts) {
        long connects = connectEvents.sum();
        long attempted = liveConnectAttempts + retiredConnectAttempts.sum();
        return new LoadTotals(attempts.sum(), logins.sum(), loginFailed.sum(), Math.max(0, attempted - connects),
                busy.sum(), throttled.sum(), disconnects.sum(), otherErrors.sum(), failedLogins.sum(), logouts.sum(),
                churnSkipped.sum());
    }
}
