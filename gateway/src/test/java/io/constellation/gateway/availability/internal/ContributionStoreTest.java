package io.constellation.gateway.availability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.ops.ServiceMetrics;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.proto.availability.v1.CountDelta;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.constellation.proto.availability.v1.Source;
import io.grpc.Status;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The contribution rules, driven by hand on the test's thread with a hand-moved clock
 * (nanoseconds), as the feed loop would drive them.
 */
class ContributionStoreTest {

    private static final long GRACE = TimeUnit.SECONDS.toNanos(5);

    private final PrometheusMeterRegistry registry = ServiceMetrics.create("test");
    private final ContributionStore store = new ContributionStore(GRACE, new GatewayMetrics(registry));
    private long now = 1_000_000_000L;
    private int sinks;

    @Test
    void aSnapshotTakesEffectOnlyWithItsLastChunk() {
        Sink s = open("sat-1", 1);
        send(s, chunk(false, 10, 2, 11, 3));
        assertEquals(0, store.count(10));
        assertEquals(0, store.serversReporting());
        send(s, chunk(true, 12, 1));
        assertEquals(2, store.count(10));
        assertEquals(3, store.count(11));
        assertEquals(1, store.count(12));
        assertEquals(1, store.serversReporting());
        assertEquals(3, s.acks.get(0).getSnapshotApplied().getTracks());
        assertEquals(3, store.tracksAvailable());
    }

    @Test
    void contributionsOfDifferentServersAddUpAndStayApart() {
        snapshot(open("sat-1", 1), 10, 2, 11, 3);
        snapshot(open("sat-2", 1), 10, 5, 12, 1);
        assertEquals(7, store.count(10));
        assertEquals(3, store.count(11));
        assertEquals(1, store.count(12));
        assertEquals(2, store.serversReporting());
        List<Source> sources = store.sources(10);
        assertEquals(List.of("sat-2", "sat-1"), sources.stream().map(Source::getServerId).toList(), "most first");
        assertEquals(List.of(5, 2), sources.stream().map(Source::getCount).toList());
        assertEquals("sat-2:7000", sources.get(0).getAddress());
        assertEquals(List.of(), store.sources(99));
    }

    @Test
    void aSecondSnapshotReplacesTheFirstExactly() {
        snapshot(open("sat-2", 1), 10, 4);
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2, 11, 3);
        snapshot(s, 10, 1, 12, 6);
        assertEquals(5, store.count(10));
        assertEquals(0, store.count(11), "gone from the new snapshot: removed");
        assertEquals(6, store.count(12));
        assertEquals(2, store.tracksAvailable());
    }

    @Test
    void aNewIncarnationReplacesTheOldContributionAndIsNeverCountedTwice() {
        Sink old = open("sat-1", 100);
        snapshot(old, 10, 2, 11, 3);
        Sink restarted = open("sat-1", 200);
        assertEquals(Status.Code.ALREADY_EXISTS, old.failure.getCode(), "the older stream is closed");
        assertEquals(2, store.count(10), "kept until the new snapshot arrives");
        snapshot(restarted, 10, 2, 12, 1);
        assertEquals(2, store.count(10));
        assertEquals(0, store.count(11));
        assertEquals(1, store.count(12));
        assertEquals(1, store.serversReporting());
    }

    @Test
    void aStreamOfAnOlderIncarnationIsRefusedWhileANewerOneIsOpen() {
        Sink newer = open("sat-1", 200);
        snapshot(newer, 10, 2);
        Sink zombie = open("sat-1", 100);
        assertEquals(Status.Code.ALREADY_EXISTS, zombie.failure.getCode());
        assertTrue(zombie.failure.getDescription().contains("newer incarnation"));
        assertNull(newer.failure);
        assertEquals(2, store.count(10));
    }

    @Test
    void deltasApplyInSequenceAndAreAcknowledged() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        send(s, delta(1, 10, 1, 11, 4));
        send(s, delta(2, 10, -3, 12, 1));
        assertEquals(0, store.count(10));
        assertEquals(4, store.count(11));
        assertEquals(1, store.count(12));
        assertEquals(List.of(1L, 2L), s.acks.subList(1, 3).stream().map(ReportResponse::getAppliedThroughSequence).toList());
        assertEquals(List.of(), store.sources(10), "a count that fell to zero has no source");
        assertEquals(2.0, registry.get(GatewayMetrics.DELTAS_APPLIED).counter().count());
    }

    @Test
    void aSequenceGapEndsTheStreamAndANewSnapshotRepairsTheCounts() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        send(s, delta(1, 10, 1));
        send(s, delta(3, 10, 1));
        assertEquals(Status.Code.INVALID_ARGUMENT, s.failure.getCode());
        assertTrue(s.failure.getDescription().contains("where 2 was expected"), s.failure.getDescription());
        assertEquals(3, store.count(10), "the gapped delta is not applied, the earlier ones stay");
        Sink again = open("sat-1", 1);
        snapshot(again, 10, 4);
        assertEquals(4, store.count(10));
        assertEquals(1.0, errors("sequence_gap"));
    }

    @Test
    void aDeltaBeforeTheSnapshotsLastChunkIsOutOfOrder() {
        Sink s = open("sat-1", 1);
        send(s, chunk(false, 10, 2));
        send(s, delta(1, 10, 1));
        assertEquals(Status.Code.INVALID_ARGUMENT, s.failure.getCode());
        assertTrue(s.failure.getDescription().contains("before the snapshot"));
        assertEquals(0, store.count(10));
        assertEquals(1.0, errors("out_of_order"));
    }

    @Test
    void anythingBeforeTheHelloIsOutOfOrder() {
        Sink s = new Sink(++sinks);
        store.opened(s);
        send(s, chunk(true, 10, 2));
        assertEquals(Status.Code.INVALID_ARGUMENT, s.failure.getCode());
        assertTrue(s.failure.getDescription().contains("before the hello"));
    }

    @Test
    void malformedMessagesAreRefusedWholeWithAReason() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        send(s, ReportRequest.newBuilder().setDelta(CountDelta.newBuilder().setSequence(1)
                .addTrackIds(10).addChanges(1).addTrackIds(1L << 31).addChanges(1)).build());
        assertEquals(Status.Code.INVALID_ARGUMENT, s.failure.getCode());
        assertTrue(s.failure.getDescription().contains("2147483648"), s.failure.getDescription());
        assertEquals(2, store.count(10), "nothing of a refused delta applies");

        Sink t = open("sat-2", 1);
        send(t, ReportRequest.newBuilder().setSnapshot(SnapshotChunk.newBuilder().addTrackIds(1).setLast(true)).build());
        assertTrue(t.failure.getDescription().contains("1 track_ids but 0 counts"));

        Sink u = new Sink(++sinks);
        store.opened(u);
        send(u, ReportRequest.newBuilder().setHello(SatelliteServerHello.newBuilder().setServerId(" ")).build());
        assertTrue(u.failure.getDescription().contains("server_id"));
        assertEquals(3.0, errors("invalid_message"));
    }

    @Test
    void aDeltaThatWouldGoNegativeIsClampedAndCounted() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        snapshot(open("sat-2", 1), 10, 5);
        send(s, delta(1, 10, -3, 11, -1));
        assertNull(s.failure, "a sender bug is logged and counted, not fatal");
        assertEquals(5, store.count(10), "sat-1's count clamps at 0, sat-2's 5 stay");
        assertEquals(0, store.count(11));
        assertEquals(2.0, registry.get(GatewayMetrics.NEGATIVE_COUNTS_CLAMPED).counter().count());
        send(s, delta(2, 10, 1));
        assertEquals(6, store.count(10));
    }

    @Test
    void aBrokenStreamsContributionIsWithdrawnAfterTheGracePeriod() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        snapshot(open("sat-2", 1), 10, 1);
        store.ended(s, false, now);
        tick(GRACE - 1);
        assertEquals(3, store.count(10), "kept during the grace period");
        assertEquals(2, store.serversReporting());
        tick(1);
        assertEquals(1, store.count(10));
        assertEquals(1, store.serversReporting());
        assertEquals(1.0, registry.get(GatewayMetrics.WITHDRAWALS).counter().count());
        assertEquals(1.0, errors("broken"));
    }

    @Test
    void aServerBackWithinTheGracePeriodIsReplacedExactly() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2, 11, 1);
        store.ended(s, false, now);
        tick(GRACE / 2);
        Sink back = open("sat-1", 1);
        snapshot(back, 10, 3);
        tick(GRACE);
        assertEquals(3, store.count(10));
        assertEquals(0, store.count(11));
        assertEquals(0.0, registry.get(GatewayMetrics.WITHDRAWALS).counter().count());
    }

    @Test
    void aReconnectThatNeverCompletesItsSnapshotDoesNotExtendTheGracePeriod() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        store.ended(s, false, now);
        tick(GRACE / 2);
        Sink flapping = open("sat-1", 1);
        send(flapping, chunk(false, 10, 7));
        tick(GRACE / 2);
        assertEquals(0, store.count(10), "withdrawn on the first deadline although a stream is open");
        assertEquals(0, store.serversReporting());
        send(flapping, chunk(true));
        assertEquals(7, store.count(10), "its snapshot, once complete, counts");
    }

    @Test
    void aSupersededStreamStartsTheGracePeriodForItsSuccessor() {
        Sink s = open("sat-1", 1);
        snapshot(s, 10, 2);
        open("sat-1", 2);
        tick(GRACE);
        assertEquals(0, store.count(10), "the newer stream sent no snapshot in time");
    }

    @Test
    void closingEveryStreamAnswersUnavailable() {
        Sink s = open("sat-1", 1);
        store.closeAll(now);
        assertEquals(Status.Code.UNAVAILABLE, s.failure.getCode());
        assertEquals(0, store.streamsOpen());
    }

    @Test
    void concurrentReadersNeverSeeANegativeOrDoubleCountedTotal() throws Exception {
        Sink a = open("sat-a", 1);
        Sink b = open("sat-b", 1);
        snapshot(b, 7, 3);
        snapshot(a, 7, 5);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong reads = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    int n = store.count(7);
                    // sat-b always has 3; sat-a alternates between 5 and 9 (snapshots) and passes 6..8 (deltas)
                    if (n < 8 || n > 12) {
                        wrong.compareAndSet(null, "read " + n);
                    }
                    reads.incrementAndGet();
                }
            });
            t.start();
            readers.add(t);
        }
        long seq = 0;
        for (int i = 0; i < 3_000; i++) {
            snapshot(a, 7, 9, 1000 + i % 1000, 1);
            seq = 0;
            for (int d = 0; d < 4; d++) {
                send(a, delta(++seq, 7, -1));
            }
            snapshot(a, 7, 5);
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        assertNull(wrong.get(), () -> wrong.get() + " after " + reads.get() + " reads");
        assertTrue(reads.get() > 0);
        assertEquals(8, store.count(7));
    }

    // ---- fixtures ----

    private Sink open(String serverId, long incarnation) {
        Sink s = new Sink(++sinks);
        store.opened(s);
        send(s, ReportRequest.newBuilder().setHello(SatelliteServerHello.newBuilder().setServerId(serverId)
                .setIncarnation(incarnation).setAddress(serverId + ":7000")).build());
        return s;
    }

    private void snapshot(Sink s, int... trackAndCount) {
        send(s, chunk(true, trackAndCount));
    }

    private void send(Sink s, ReportRequest m) {
        store.message(s, m, now);
        store.expire(now);
    }

    private void tick(long nanos) {
        now += nanos;
        store.expire(now);
    }

    private double errors(String reason) {
        return registry.get(GatewayMetrics.STREAM_ERRORS).tag(GatewayMetrics.TAG_REASON, reason).counter().count();
    }

    private static ReportRequest chunk(boolean last, int... trackAndCount) {
        SnapshotChunk.Builder c = SnapshotChunk.newBuilder().setLast(last);
        for (int i = 0; i < trackAndCount.length; i += 2) {
            c.addTrackIds(trackAndCount[i]).addCounts(trackAndCount[i + 1]);
        }
        return ReportRequest.newBuilder().setSnapshot(c).build();
    }

    private static ReportRequest delta(long seq, int... trackAndChange) {
        CountDelta.Builder d = CountDelta.newBuilder().setSequence(seq);
        for (int i = 0; i < trackAndChange.length; i += 2) {
            d.addTrackIds(trackAndChange[i]).addChanges(trackAndChange[i + 1]);
        }
        return ReportRequest.newBuilder().setDelta(d).build();
    }

    /** Records what the store sends to one stream. */
    private static final class Sink implements FeedSink {
        final long id;
        final List<ReportResponse> acks = new ArrayList<>();
        Status failure;
        boolean completed;
        int requested;

        Sink(long id) {
            this.id = id;
        }

        @Override public long id() { return id; }
        @Override public String peer() { return "test"; }
        @Override public void send(ReportResponse response) { acks.add(response); }
        @Override public void fail(Status status) {
            assertNull(failure, "ended twice");
            assertFalse(completed);
            failure = status;
        }
        @Override public void complete() { completed = true; }
        @Override public void requestNext() { requested++; }
    }
}
