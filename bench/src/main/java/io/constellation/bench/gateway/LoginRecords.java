package io.constellation.bench.gateway;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happened to each login of a {@link LoginVisibility} run, indexed by login number:
 * when it started, when its share list was acknowledged, when its marker and then all its
 * tracks showed at the gateway ({@link System#nanoTime()}; 0 = not yet / never). Written
 * by the scheduler (start, track ids), the satellites' event loops (acknowledgement,
 * failure) and the poller (visibility); the atomic arrays make every write visible to the
 * report at the end.
 */
final class LoginRecords {

    private final long[] start;
    private final int[][] trackIds;
    private final AtomicLongArray connected;
    private final AtomicLongArray loggedIn;
    private final AtomicLongArray ack;
    private final AtomicLongArray marker;
    private final AtomicLongArray visible;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong markerOverOne = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();

    LoginRecords(int logins) {
        start = new long[logins];
        trackIds = new int[logins][];
        connected = new AtomicLongArray(logins);
        loggedIn = new AtomicLongArray(logins);
        ack = new AtomicLongArray(logins);
        marker = new AtomicLongArray(logins);
        visible = new AtomicLongArray(logins);
    }

    int size() {
        return start.length;
    }

    /** Scheduler: login {@code k} starts now with these track ids (its marker last). Published to the poller by its queue. */
    void started(int k, int[] ids, long nanos) {
        trackIds[k] = ids;
        start[k] = nanos;
    }

    long start(int k) {
        return start[k];
    }

    int[] trackIds(int k) {
        return trackIds[k];
    }

    /** Poller: the track ids are no longer needed. */
    void forgetTracks(int k) {
        trackIds[k] = null;
    }

    void connected(int k, long nanos) {
        connected.compareAndSet(k, 0, nanos);
    }

    long connected(int k) {
        return connected.get(k);
    }

    void loggedIn(int k, long nanos) {
        loggedIn.compareAndSet(k, 0, nanos);
    }

    long loggedIn(int k) {
        return loggedIn.get(k);
    }

    void acknowledged(int k, long nanos) {
        ack.compareAndSet(k, 0, nanos);
    }

    long ack(int k) {
        return ack.get(k);
    }

    void markerSeen(int k, long nanos, int count) {
        marker.compareAndSet(k, 0, nanos);
        if (count > 1) {
            markerOverOne.incrementAndGet(); // one satellite shares it: more is double counting
        }
    }

    long marker(int k) {
        return marker.get(k);
    }

    void visible(int k, long nanos) {
        visible.compareAndSet(k, 0, nanos);
    }

    long visible(int k) {
        return visible.get(k);
    }

    void failed(String why) {
        failures.incrementAndGet();
        lastFailure.set(why);
    }

    long failures() {
        return failures.get();
    }

    String lastFailure() {
        return lastFailure.get();
    }

    /** Times a marker was seen with a count above 1 (never expected). */
    long markerOverOne() {
        return markerOverOne.get();
    }
}
