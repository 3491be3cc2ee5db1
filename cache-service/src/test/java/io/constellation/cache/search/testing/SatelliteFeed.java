package io.constellation.cache.search.testing;

import io.constellation.proto.availability.v1.AvailabilityFeedGrpc;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One satellite server's availability feed to a real gateway (AvailabilityFeed.Report over
 * loopback gRPC): a hello and one snapshot, acknowledged before the constructor returns.
 * {@link #close()} cancels the stream as a crashed server's connection would end.
 */
public final class SatelliteFeed implements AutoCloseable {

    private final ManagedChannel channel;
    private final ClientCallStreamObserver<ReportRequest> stream;

    /** Feeds {@code counts} (track id to online satellites sharing it) to the gateway at {@code port}. */
    public SatelliteFeed(int port, String serverId, Map<Long, Integer> counts, Duration wait) throws InterruptedException {
        channel = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
        stream = (ClientCallStreamObserver<ReportRequest>) AvailabilityFeedGrpc.newStub(channel)
                .report(new StreamObserver<ReportResponse>() {
                    @Override public void onNext(ReportResponse r) { answers.add(r); }
                    @Override public void onError(Throwable t) { answers.add(t); }
                    @Override public void onCompleted() { }
                });
        stream.onNext(ReportRequest.newBuilder().setHello(SatelliteServerHello.newBuilder().setServerId(serverId)
                .setIncarnation(1).setAddress("127.0.0.1:1")).build());
        SnapshotChunk.Builder snapshot = SnapshotChunk.newBuilder().setLast(true);
        new TreeMap<>(counts).forEach((id, n) -> snapshot.addTrackIds(id).addCounts(n));
        stream.onNext(ReportRequest.newBuilder().setSnapshot(snapshot).build());
        Object ack = answers.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
        if (!(ack instanceof ReportResponse r && r.hasSnapshotApplied())) {
            close();
            throw new AssertionError("the gateway did not apply the snapshot: " + ack);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stream.cancel("satellite server gone", null);
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
