package io.constellation.bench.gateway;

import io.constellation.proto.availability.v1.AvailabilityFeedGrpc;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One synthetic satellite server's availability feed: a snapshot in which every track
 * 1..{@code tracks} has the count {@link #expectedCount}, held open (so the gateway keeps
 * the counts) until {@link #close()}. Counts are a function of the id, so a load
 * generator can check every answer without storing them.
 */
public final class SyntheticFeed implements AutoCloseable {

    /** Tracks per snapshot chunk: a few hundred kilobytes per message. */
    private static final int CHUNK = 50_000;

    private final ClientCallStreamObserver<ReportRequest> stream;
    private final CompletableFuture<ReportResponse> applied = new CompletableFuture<>();

    private SyntheticFeed(Channel channel, String serverId) {
        this.stream = (ClientCallStreamObserver<ReportRequest>) AvailabilityFeedGrpc.newStub(channel)
                .report(new StreamObserver<>() {
                    @Override public void onNext(ReportResponse r) { applied.complete(r); }
                    @Override public void onError(Throwable t) { applied.completeExceptionally(t); }
                    @Override public void onCompleted() {
                        applied.completeExceptionally(new IllegalStateException("the gateway ended the feed"));
                    }
                });
        stream.onNext(ReportRequest.newBuilder().setHello(SatelliteServerHello.newBuilder()
                .setServerId(serverId).setIncarnation(System.currentTimeMillis()).setAddress(serverId + ":0")).build());
    }

    /** Opens a feed on {@code channel}, sends the snapshot of 1..tracks and waits until the gateway applied it. */
    public static SyntheticFeed start(Channel channel, String serverId, int tracks, Duration timeout) {
        SyntheticFeed feed = new SyntheticFeed(channel, serverId);
        for (int from = 1; from <= tracks; from += CHUNK) {
            int to = (int) Math.min(tracks, (long) from + CHUNK - 1);
            SnapshotChunk.Builder c = SnapshotChunk.newBuilder().setLast(to == tracks);
            for (int id = from; id <= to; id++) {
                c.addTrackIds(id).addCounts(expectedCount(id));
            }
            feed.stream.onNext(ReportRequest.newBuilder().setSnapshot(c).build());
        }
        if (tracks == 0) {
            feed.stream.onNext(ReportRequest.newBuilder().setSnapshot(SnapshotChunk.newBuilder().setLast(true)).build());
        }
        try {
            ReportResponse r = feed.applied.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (r.getSnapshotApplied().getTracks() != tracks) {
                throw new IllegalStateException("gateway applied " + r.getSnapshotApplied().getTracks() + " of "
                        + tracks + " tracks");
            }
            return feed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while feeding the gateway", e);
        } catch (ExecutionException | TimeoutException e) {
            feed.close();
            throw new IllegalStateException("the gateway did not apply the snapshot of " + tracks + " tracks: "
                    + Status.fromThrowable(e.getCause() == null ? e : e.getCause()), e);
        }
    }

    /** The count the feed gives track {@code id}: 1 to 50, spread by a hash of the id. */
    public static int expectedCount(int id) {
        int h = id * 0x9E3779B9;
        return 1 + ((h ^ (h >>> 16)) & 0x7FFFFFFF) % 50;
    }

    /** Ends the stream; the gateway withdraws the counts after its grace period. */
    @Override
    public void close() {
        stream.cancel("benchmark over", null);
    }
}
