package io.constellation.gateway.testing;

import io.constellation.proto.availability.v1.AvailabilityFeedGrpc;
import io.constellation.proto.availability.v1.CountDelta;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A minimal satellite server's side of one {@code AvailabilityFeed.Report} stream, for
 * tests: it sends exactly what it is told to (so tests can also send what a correct server
 * never would) and collects the gateway's answers.
 */
public final class FeedClient implements AutoCloseable {

    private static final Object COMPLETED = new Object();

    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private final ClientCallStreamObserver<ReportRequest> requests;
    private final String serverId;
    private long sequence;

    /** Opens a stream on {@code channel} and sends the hello. */
    public FeedClient(Channel channel, String serverId, long incarnation, String address) {
        this.serverId = serverId;
        this.requests = (ClientCallStreamObserver<ReportRequest>) AvailabilityFeedGrpc.newStub(channel)
                .report(new StreamObserver<>() {
                    @Override public void onNext(ReportResponse r) { answers.add(r); }
                    @Override public void onError(Throwable t) { answers.add(Status.fromThrowable(t)); }
                    @Override public void onCompleted() { answers.add(COMPLETED); }
                });
        send(ReportRequest.newBuilder().setHello(SatelliteServerHello.newBuilder()
                .setServerId(serverId).setIncarnation(incarnation).setAddress(address)).build());
    }

    public String serverId() {
        return serverId;
    }

    /** Sends {@code counts} as a snapshot in chunks of {@code chunk} tracks and waits for its acknowledgement. */
    public ReportResponse snapshot(Map<Integer, Integer> counts, int chunk) {
        sendSnapshot(counts, chunk);
        sequence = 0;
        return expectAnswer();
    }

    /** Sends a snapshot without waiting. */
    public void sendSnapshot(Map<Integer, Integer> counts, int chunk) {
        SnapshotChunk.Builder c = SnapshotChunk.newBuilder();
        int inChunk = 0;
        for (Map.Entry<Integer, Integer> e : new TreeMap<>(counts).entrySet()) {
            c.addTrackIds(e.getKey()).addCounts(e.getValue());
            if (++inChunk == chunk) {
                send(ReportRequest.newBuilder().setSnapshot(c).build());
                c = SnapshotChunk.newBuilder();
                inChunk = 0;
            }
        }
        send(ReportRequest.newBuilder().setSnapshot(c.setLast(true)).build());
    }

    /** Sends the next delta (track, change, track, change, ...) and waits for its acknowledgement. */
    public ReportResponse delta(int... trackAndChange) {
        sendDelta(++sequence, trackAndChange);
        return expectAnswer();
    }

    /** Sends a delta with an explicit sequence, without waiting. */
    public void sendDelta(long seq, int... trackAndChange) {
        CountDelta.Builder d = CountDelta.newBuilder().setSequence(seq);
        for (int i = 0; i < trackAndChange.length; i += 2) {
            d.addTrackIds(trackAndChange[i]).addChanges(trackAndChange[i + 1]);
        }
        send(ReportRequest.newBuilder().setDelta(d).build());
    }

    /** Sends any message. */
    public void send(ReportRequest m) {
        requests.onNext(m);
    }

    /** The next acknowledgement; fails if the stream ended instead. */
    public ReportResponse expectAnswer() {
        Object a = next(Duration.ofSeconds(10));
        if (!(a instanceof ReportResponse r)) {
            throw new AssertionError("expected an acknowledgement from the gateway, got " + a);
        }
        return r;
    }

    /** The status that ended the stream (skipping acknowledgements); fails if it did not end in time. */
    public Status awaitError(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Object a = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (a instanceof Status s) {
                return s;
            }
            if (a == COMPLETED) {
                return Status.OK;
            }
        }
    }

    /** Half-closes the stream (a clean end from the server's side). */
    public void complete() {
        requests.onCompleted();
    }

    /** Cancels the stream as a crashed server's connection would end. */
    @Override
    public void close() {
        requests.cancel("test client closed", null);
    }

    private Object next(Duration timeout) {
        try {
            Object a = answers.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (a == null) {
                throw new AssertionError("no answer from the gateway within " + timeout);
            }
            return a;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
