package io.constellation.bench.gateway;

import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntPredicate;

/**
 * Watches the gateway for the logins of a {@link LoginVisibility} run, on its own thread,
 * every {@code interval}: first each pending login's marker track (one id per login, so
 * a round costs the gateway little); once a marker shows, all of that login's tracks,
 * which must all have a count of at least 1 (the satellite shares them and is online).
 * A login is visible at the moment the answer that showed all its tracks arrived; one
 * not visible within {@code timeout} of its start is given up.
 */
final class VisibilityPoller implements Runnable {

    /** Ids per look-up, well under the gateway's limit of 100,000. */
    private static final int MAX_IDS_PER_CALL = 50_000;

    private final LoginRecords records;
    private final AvailabilityServiceGrpc.AvailabilityServiceBlockingStub gateway;
    private final long intervalNanos;
    private final long timeoutNanos;
    private final ConcurrentLinkedQueue<Integer> started = new ConcurrentLinkedQueue<>();
    private final IntArrayList pending = new IntArrayList();
    private final AtomicLong givenUp = new AtomicLong();
    private final AtomicLong pollErrors = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private volatile boolean stopping;
    private volatile String lastError;

    VisibilityPoller(LoginRecords records, Channel channel, long intervalNanos, long timeoutNanos) {
        this.records = records;
        this.gateway = AvailabilityServiceGrpc.newBlockingStub(channel);
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
    }

    /** Login {@code k} has started (its record is filled in). Any thread. */
    void watch(int k) {
        started.add(k);
    }

    /** Ends the loop once every login watched so far is visible or given up. */
    void finish() {
        stopping = true;
    }

    long givenUp() {
        return givenUp.get();
    }

    long pollErrors() {
        return pollErrors.get();
    }

    long rounds() {
        return rounds.get();
    }

    String lastError() {
        return lastError;
    }

    @Override
    public void run() {
        while (true) {
            long roundStart = System.nanoTime();
            Integer k;
            while ((k = started.poll()) != null) {
                pending.add(k.intValue());
            }
            if (stopping && pending.isEmpty() && started.isEmpty()) {
                return;
            }
            try {
                pollMarkers();
                pollTracks();
            } catch (StatusRuntimeException e) {
                pollErrors.incrementAndGet();
                lastError = e.getStatus().toString();
            }
            giveUpExpired(System.nanoTime());
            rounds.incrementAndGet();
            long wait = roundStart + intervalNanos - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void pollMarkers() {
        IntArrayList waiting = new IntArrayList();
        GetAvailabilityRequest.Builder request = GetAvailabilityRequest.newBuilder();
        for (int i = 0; i < pending.size(); i++) {
            int k = pending.getInt(i);
            if (records.marker(k) == 0) {
                waiting.add(k);
                int[] ids = records.trackIds(k);
                request.addTrackIds(ids[ids.length - 1]);
            }
        }
        if (waiting.isEmpty()) {
            return;
        }
        GetAvailabilityResponse answer = call(request.build());
        long now = System.nanoTime();
        for (int i = 0; i < waiting.size(); i++) {
            int count = answer.getCounts(i);
            if (count >= 1) {
                records.markerSeen(waiting.getInt(i), now, count);
            }
        }
    }

    /** All tracks of the logins whose marker showed, in calls of at most MAX_IDS_PER_CALL ids. */
    private void pollTracks() {
        IntArrayList batch = new IntArrayList();
        int ids = 0;
        for (int i = 0; i < pending.size(); i++) {
            int k = pending.getInt(i);
            if (records.marker(k) != 0) {
                int n = records.trackIds(k).length;
                if (ids + n > MAX_IDS_PER_CALL && !batch.isEmpty()) {
                    checkAll(batch);
                    batch.clear();
                    ids = 0;
                }
                batch.add(k);
                ids += n;
            }
        }
        if (!batch.isEmpty()) {
            checkAll(batch);
        }
        pending.removeIf((IntPredicate) k -> records.visible(k) != 0);
    }

    private void checkAll(IntArrayList logins) {
        GetAvailabilityRequest.Builder request = GetAvailabilityRequest.newBuilder();
        for (int i = 0; i < logins.size(); i++) {
            for (int id : records.trackIds(logins.getInt(i))) {
                request.addTrackIds(id);
            }
        }
        GetAvailabilityResponse answer = call(request.build());
        long now = System.nanoTime();
        int at = 0;
        for (int i = 0; i < logins.size(); i++) {
            int k = logins.getInt(i);
            int n = records.trackIds(k).length;
            boolean all = true;
            for (int j = 0; j < n; j++) {
                all &= answer.getCounts(at + j) >= 1;
            }
            at += n;
            if (all) {
                records.visible(k, now);
                records.forgetTracks(k);
            }
        }
    }

    private void giveUpExpired(long now) {
        pending.removeIf((IntPredicate) k -> {
            if (now - records.start(k) > timeoutNanos) {
                givenUp.incrementAndGet();
                records.forgetTracks(k);
                return true;
            }
            return false;
        });
    }

    private GetAvailabilityResponse call(GetAvailabilityRequest request) {
        return gateway.withDeadlineAfter(5, TimeUnit.SECONDS).getAvailability(request);
    }
}
