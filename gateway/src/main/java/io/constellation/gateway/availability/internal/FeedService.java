package io.constellation.gateway.availability.internal;

import io.constellation.proto.availability.v1.AvailabilityFeedGrpc;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code constellation.availability.v1.AvailabilityFeed}: takes each satellite server's
 * Report stream and hands its events to the {@link FeedLoop}. gRPC threads only enqueue;
 * the loop's thread answers (acknowledgements and errors), so responses on one stream are
 * never sent concurrently.
 */
public final class FeedService extends AvailabilityFeedGrpc.AvailabilityFeedImplBase {

    /** Messages requested from each stream ahead of the loop: enough to hide a hand-off, few enough to bound the queue. */
    static final int IN_FLIGHT = 4;

    private final FeedLoop loop;
    private final AtomicLong streamIds = new AtomicLong();
    private volatile boolean closing;

    FeedService(FeedLoop loop) {
        this.loop = loop;
    }

    /** Refuses new streams from now on (the gateway is shutting down). Any thread. */
    void refuseNewStreams() {
        closing = true;
    }

    @Override
    public StreamObserver<ReportRequest> report(StreamObserver<ReportResponse> responses) {
        ServerCallStreamObserver<ReportResponse> call = (ServerCallStreamObserver<ReportResponse>) responses;
        if (closing) {
            call.onError(Status.UNAVAILABLE.withDescription("gateway shutting down; reconnect later or elsewhere")
                    .asRuntimeException());
            return new Ignored();
        }
        FeedStream stream = new FeedStream(streamIds.incrementAndGet(), peer(call), call, loop);
        call.disableAutoRequest();
        // Also makes onNext after a cancellation a no-op instead of an exception on the loop's thread.
        call.setOnCancelHandler(() -> loop.ended(stream, false));
        loop.opened(stream);
        call.request(IN_FLIGHT);
        return stream;
    }

    private static String peer(ServerCallStreamObserver<?> call) {
        SocketAddress remote = PeerAddress.current();
        return remote == null ? "unknown" : remote.toString();
    }

    /** The request side of a stream refused at once. */
    private static final class Ignored implements StreamObserver<ReportRequest> {
        @Override public void onNext(ReportRequest value) { }
        @Override public void onError(Throwable t) { }
        @Override public void onCompleted() { }
    }

    /** One Report stream: request events go to the loop, the loop answers through {@link FeedSink}. */
    private static final class FeedStream implements StreamObserver<ReportRequest>, FeedSink {
        private final long id;
        private final String peer;
        private final ServerCallStreamObserver<ReportResponse> call;
        private final FeedLoop loop;

        FeedStream(long id, String peer, ServerCallStreamObserver<ReportResponse> call, FeedLoop loop) {
            this.id = id;
            this.peer = peer;
            this.call = call;
            this.loop = loop;
        }

        // gRPC's side (serialised per call by gRPC)
        @Override public void onNext(ReportRequest value) { loop.message(this, value); }
        @Override public void onError(Throwable t) { loop.ended(this, false); }
        @Override public void onCompleted() { loop.ended(this, true); }

        // the loop's side
        @Override public long id() { return id; }
        @Override public String peer() { return peer; }
        @Override public void send(ReportResponse response) { call.onNext(response); }
        @Override public void fail(Status status) { call.onError(status.asRuntimeException()); }
        @Override public void complete() { call.onCompleted(); }
        @Override public void requestNext() { call.request(1); }
    }
}
