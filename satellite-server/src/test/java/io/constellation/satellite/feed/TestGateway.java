package io.constellation.satellite.feed;

import io.constellation.proto.availability.v1.AvailabilityFeedGrpc;
import io.constellation.proto.availability.v1.CountDelta;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SnapshotApplied;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small but real {@code AvailabilityFeed} server for the publisher's tests: it checks the
 * protocol as the gateway does (Hello first, snapshot chunks, deltas numbered from 1 after
 * the last chunk), keeps one contribution per server id (a snapshot replaces it), and
 * acknowledges. Every violation is recorded and ends the stream with INVALID_ARGUMENT.
 * Thread-safe (one monitor).
 */
final class TestGateway extends AvailabilityFeedGrpc.AvailabilityFeedImplBase {

    private final Map<String, Int2IntOpenHashMap> contributions = new HashMap<>();
    private final List<Long> incarnations = new ArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    final AtomicInteger streamsOpened = new AtomicInteger();
    final AtomicInteger snapshotsApplied = new AtomicInteger();
    final AtomicInteger snapshotChunks = new AtomicInteger();
    final AtomicInteger deltasApplied = new AtomicInteger();
    private volatile boolean acknowledge = true;
    private volatile ServerCallStreamObserver<ReportResponse> lastStream;
    private volatile boolean manualFlowControl;

    /** Stops (false) or resumes (true) acknowledging; without acks the publisher must find the stream stalled. */
    void acknowledge(boolean on) {
        acknowledge = on;
    }

    /** New streams read only the messages {@link #request} asks for (a slow gateway). */
    void manualFlowControl() {
        manualFlowControl = true;
    }

    /** Reads {@code n} more messages of the latest stream. */
    void request(int n) {
        lastStream.request(n);
    }

    /** Sum over every server's contribution. */
    synchronized Int2IntOpenHashMap sum() {
        Int2IntOpenHashMap all = new Int2IntOpenHashMap();
        for (Int2IntOpenHashMap c : contributions.values()) {
            c.int2IntEntrySet().forEach(e -> all.addTo(e.getIntKey(), e.getIntValue()));
        }
        all.values().removeIf(v -> v == 0);
        return all;
    }

    synchronized List<Long> incarnations() {
        return List.copyOf(incarnations);
    }

    @Override
    public StreamObserver<ReportRequest> report(StreamObserver<ReportResponse> responses) {
        ServerCallStreamObserver<ReportResponse> out = (ServerCallStreamObserver<ReportResponse>) responses;
        if (manualFlowControl) {
            out.disableAutoRequest();
            out.request(1);
        }
        lastStream = out;
        streamsOpened.incrementAndGet();
        return new Stream(out);
    }

    /** One stream's protocol state. */
    private final class Stream implements StreamObserver<ReportRequest> {
        private final ServerCallStreamObserver<ReportResponse> out;
        private String serverId;
        private Int2IntOpenHashMap building;
        private boolean snapshotDone;
        private long nextSequence = 1;
        private boolean failed;

        Stream(ServerCallStreamObserver<ReportResponse> out) {
            this.out = out;
        }

        @Override
        public void onNext(ReportRequest r) {
            if (failed) {
                return;
            }
            switch (r.getBodyCase()) {
                case HELLO -> hello(r);
                case SNAPSHOT -> chunk(r.getSnapshot());
                case DELTA -> delta(r.getDelta());
                default -> violation("empty request");
            }
        }

        private void hello(ReportRequest r) {
            if (serverId != null) {
                violation("second hello");
                return;
            }
            serverId = r.getHello().getServerId();
            synchronized (TestGateway.this) {
                incarnations.add(r.getHello().getIncarnation());
            }
            building = new Int2IntOpenHashMap();
        }

        private void chunk(SnapshotChunk c) {
            if (serverId == null || snapshotDone || c.getTrackIdsCount() != c.getCountsCount()) {
                violation("snapshot chunk out of order or malformed");
                return;
            }
            snapshotChunks.incrementAndGet();
            for (int i = 0; i < c.getTrackIdsCount(); i++) {
                if (c.getCounts(i) <= 0 || building.put((int) c.getTrackIds(i), c.getCounts(i)) != 0) {
                    violation("snapshot holds a zero count or a track twice");
                    return;
                }
            }
            if (c.getLast()) {
                snapshotDone = true;
                synchronized (TestGateway.this) {
                    contributions.put(serverId, building);
                }
                snapshotsApplied.incrementAndGet();
                if (acknowledge) {
                    out.onNext(ReportResponse.newBuilder()
                            .setSnapshotApplied(SnapshotApplied.newBuilder().setTracks(building.size())).build());
                }
            }
        }

        private void delta(CountDelta d) {
            if (!snapshotDone || d.getSequence() != nextSequence || d.getTrackIdsCount() != d.getChangesCount()) {
                violation("delta " + d.getSequence() + " out of order (expected " + nextSequence + ", snapshot done "
                        + snapshotDone + ")");
                return;
            }
            nextSequence++;
            synchronized (TestGateway.this) {
                Int2IntOpenHashMap c = contributions.get(serverId);
                for (int i = 0; i < d.getTrackIdsCount(); i++) {
                    int track = (int) d.getTrackIds(i);
                    int now = c.addTo(track, d.getChanges(i)) + d.getChanges(i);
                    if (now < 0) {
                        violation("track " + track + " went negative");
                        return;
                    }
                    if (now == 0) {
                        c.remove(track);
                    }
                }
            }
            deltasApplied.incrementAndGet();
            if (acknowledge) {
                out.onNext(ReportResponse.newBuilder().setAppliedThroughSequence(d.getSequence()).build());
            }
        }

        private void violation(String what) {
            violations.add(what);
            failed = true;
            out.onError(Status.INVALID_ARGUMENT.withDescription(what).asRuntimeException());
        }

        @Override
        public void onError(Throwable t) {
            // The real gateway starts its grace period here; the test keeps the contribution,
            // so a reconnect must replace it exactly.
        }

        @Override
        public void onCompleted() {
            out.onCompleted();
        }
    }
}
