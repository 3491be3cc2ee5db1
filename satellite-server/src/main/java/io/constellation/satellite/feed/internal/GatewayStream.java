package io.constellation.satellite.feed.internal;

import io.constellation.proto.availability.v1.AvailabilityFeedGrpc;
import io.constellation.proto.availability.v1.CountDelta;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.constellation.satellite.feed.FeedConfig;
import io.constellation.satellite.feed.GatewayStatus;
import io.constellation.satellite.share.TrackCounts;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.SplittableRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed to one gateway: one {@code Report} stream at a time, reopened with jittered
 * backoff when it breaks, each time starting with a fresh snapshot.
 *
 * <p>Threads: every method, and every gRPC callback (hopped onto it), runs on the feed's
 * single thread, so the state below needs no locks. Nothing here blocks: a gateway that
 * is slow or gone only leaves its own stream waiting.
 *
 * <p>Memory: while the stream cannot take more (gRPC flow control says not ready, or
 * {@link FeedConfig#maxUnackedDeltas()} deltas wait for acknowledgement), new changes
 * are merged into one pending map of net change per track, so what waits is bounded by
 * the number of distinct tracks, however long the gateway is slow. A snapshot waits as
 * one set of arrays and is released when its last chunk is handed to gRPC.
 */
public final class GatewayStream {

    private static final Logger log = LoggerFactory.getLogger(GatewayStream.class);

    private final int index;
    private final String target;
    private final ManagedChannel channel;
    private final FeedConfig config;
    private final FeedMetrics.Gateway metrics;
    private final Supplier<TrackCounts.Snapshot> snapshots;
    private final ScheduledExecutorService feed;
    private final SplittableRandom jitter = new SplittableRandom();

    private Attempt current;
    private int failures;
    private boolean closed;
    // Read by status() from other threads.
    private volatile boolean connected;
    private volatile long snapshotsSent;
    private volatile long deltasSent;
    private volatile long reconnects;

    /**
     * @param snapshots cuts a snapshot (and hands the delta before it to every other stream)
     * @param feed      the feed's single thread, which runs everything here
     */
    public GatewayStream(int index, String target, ManagedChannel channel, FeedConfig config,
                         FeedMetrics.Gateway metrics, Supplier<TrackCounts.Snapshot> snapshots,
                         ScheduledExecutorService feed) {
        this.index = index;
        this.target = target;
        this.channel = channel;
        this.config = config;
        this.metrics = metrics;
        this.snapshots = snapshots;
        this.feed = feed;
    }

    /** Opens a stream: Hello, then the snapshot cut now. Feed thread. */
    public void open() {
        if (closed || current != null) {
            return;
        }
        try {
            if (failures > 0) {
                // Our backoff decides when to try again; without this the channel would keep
                // failing calls fast for its own (up to two minutes) reconnect backoff.
                channel.resetConnectBackoff();
            }
            TrackCounts.Snapshot snapshot = snapshots.get();
            Attempt a = new Attempt(snapshot);
            current = a;
            metrics.state(FeedMetrics.STATE_SNAPSHOT);
            AvailabilityFeedGrpc.newStub(channel).report(a);
            a.out.onNext(ReportRequest.newBuilder().setHello(SatelliteServerHello.newBuilder()
                    .setServerId(config.serverId())
                    .setIncarnation(config.incarnation())
                    .setAddress(config.advertisedAddress())).build());
            a.progress();
            pump();
        } catch (RuntimeException e) {
            log.error("availability feed to gateway #{} ({}): cannot open a stream", index, target, e);
            Attempt a = current;
            if (a != null) {
                abandon(a, "failed to open: " + e);
            } else {
                scheduleOpen(config.reconnectBackoff().delayMillis(failures++, jitter));
            }
        }
    }

    /** Merges a cut delta into what this stream still has to send. Feed thread. */
    public void offer(TrackCounts.Delta delta) {
        Attempt a = current;
        if (a == null) {
            return; // the next stream starts from a fresh snapshot anyway
        }
        int[] ids = delta.trackIds();
        int[] changes = delta.changes();
        if (ids.length > 0 && !a.owesSomething()) {
            a.progress(); // the stall clock starts when there is something to deliver again
        }
        for (int i = 0; i < ids.length; i++) {
            if (a.pending.addTo(ids[i], changes[i]) + changes[i] == 0) {
                a.pending.remove(ids[i]);
            }
        }
        metrics.pending(a.pending.size());
    }

    /** Sends whatever the stream can take now. Feed thread. */
    public void pump() {
        Attempt a = current;
        if (a == null) {
            return;
        }
        while (a.out.isReady()) {
            if (a.snapshot != null) {
                sendSnapshotChunk(a);
            } else if (!a.pending.isEmpty() && a.sentSeq - a.ackedSeq < config.maxUnackedDeltas()) {
                sendDelta(a);
            } else {
                break;
            }
        }
        metrics.pending(a.pending.size());
        metrics.unacked(a.sentSeq - a.ackedSeq);
    }

    /** Drops a stream that owes the gateway something and has made no progress for too long. Feed thread. */
    public void checkStalled(long nowNanos) {
        Attempt a = current;
        if (a != null && a.owesSomething() && nowNanos - a.lastProgressNanos > config.stallTimeout().toNanos()) {
            abandon(a, "no progress for " + config.stallTimeout().toMillis() + " ms (gateway slow or not acknowledging)");
        }
    }

    /** Half-closes the stream and stops reconnecting. Feed thread. */
    public void close() {
        closed = true;
        Attempt a = current;
        current = null;
        connected = false;
        metrics.state(FeedMetrics.STATE_WAITING);
        if (a != null) {
            a.out.onCompleted();
        }
    }

    /** Any thread. */
    public GatewayStatus status() {
        return new GatewayStatus(index, target, connected, snapshotsSent, deltasSent, reconnects);
    }

    private void sendSnapshotChunk(Attempt a) {
        TrackCounts.Snapshot s = a.snapshot;
        int from = a.snapshotPos;
        int to = Math.min(s.size(), from + config.snapshotChunkTracks());
        SnapshotChunk.Builder chunk = SnapshotChunk.newBuilder().setLast(to == s.size());
        for (int i = from; i < to; i++) {
            chunk.addTrackIds(s.trackIds()[i]);
            chunk.addCounts(s.counts()[i]);
        }
        a.out.onNext(ReportRequest.newBuilder().setSnapshot(chunk).build());
        a.snapshotPos = to;
        if (to == s.size()) {
            a.snapshot = null;
            a.snapshotTracks = s.size();
            a.awaitingSnapshotAck = true;
            snapshotsSent++;
            metrics.snapshotSent();
        }
        a.progress();
    }

    /** Sends up to one chunk of the pending changes as the next delta, removing them from pending. */
    private void sendDelta(Attempt a) {
        CountDelta.Builder delta = CountDelta.newBuilder().setSequence(a.sentSeq + 1);
        int n = 0;
        ObjectIterator<Int2IntMap.Entry> it = a.pending.int2IntEntrySet().fastIterator();
        while (it.hasNext() && n < config.deltaChunkTracks()) {
            Int2IntMap.Entry e = it.next();
            delta.addTrackIds(e.getIntKey());
            delta.addChanges(e.getIntValue());
            it.remove();
            n++;
        }
        a.out.onNext(ReportRequest.newBuilder().setDelta(delta).build());
        a.sentSeq++;
        deltasSent++;
        metrics.deltaSent();
        a.progress();
    }

    private void onResponse(Attempt a, ReportResponse r) {
        if (a != current) {
            return;
        }
        switch (r.getBodyCase()) {
            case SNAPSHOT_APPLIED -> {
                if (!a.awaitingSnapshotAck) {
                    abandon(a, "gateway acknowledged a snapshot that was not sent");
                    return;
                }
                a.awaitingSnapshotAck = false;
                failures = 0;
                connected = true;
                metrics.state(FeedMetrics.STATE_STREAMING);
                log.info("availability feed to gateway #{} ({}) connected: snapshot of {} tracks applied",
                        index, target, a.snapshotTracks);
            }
            case APPLIED_THROUGH_SEQUENCE -> {
                long seq = r.getAppliedThroughSequence();
                if (seq > a.sentSeq || seq < a.ackedSeq) {
                    abandon(a, "gateway acknowledged delta " + seq + " but " + a.sentSeq + " were sent and "
                            + a.ackedSeq + " acknowledged");
                    return;
                }
                a.ackedSeq = seq;
            }
            default -> {
                return; // a response kind from a newer gateway: nothing to do with it
            }
        }
        a.progress();
        pump();
    }

    /** Ends attempt {@code a} on our side (protocol error, stall) and schedules the next. */
    private void abandon(Attempt a, String why) {
        if (a.out != null) {
            a.out.cancel(why, null);
        }
        ended(a, Status.CANCELLED.withDescription(why));
    }

    /** The stream of attempt {@code a} is over, by our hand or the gateway's. */
    private void ended(Attempt a, Status status) {
        if (a != current) {
            return;
        }
        current = null;
        boolean wasConnected = connected;
        connected = false;
        metrics.state(FeedMetrics.STATE_WAITING);
        metrics.pending(0);
        metrics.unacked(0);
        reconnects++;
        metrics.reconnect();
        if (closed) {
            return;
        }
        long delay = config.reconnectBackoff().delayMillis(failures++, jitter);
        String what = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        if (wasConnected) {
            log.warn("availability feed to gateway #{} ({}) disconnected: {}; reconnecting in {} ms", index, target, what, delay);
        } else if (Integer.bitCount(failures) == 1) {
            // First failure of a streak, then at doubling counts: an outage is visible, not a flood.
            log.warn("availability feed to gateway #{} ({}) unavailable (attempt {}): {}; retrying in {} ms",
                    index, target, failures, what, delay);
        }
        scheduleOpen(delay);
    }

    private void scheduleOpen(long delayMillis) {
        try {
            feed.schedule(this::open, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the feed is closing
        }
    }

    /** Runs {@code r} on the feed thread; dropped when the feed is closing. */
    private void onFeed(Runnable r) {
        try {
            feed.execute(r);
        } catch (RejectedExecutionException e) {
            // closing: nothing left to do for this stream
        }
    }

    /** One opened stream and what has been sent and acknowledged on it. */
    private final class Attempt implements ClientResponseObserver<ReportRequest, ReportResponse> {
        final Int2IntOpenHashMap pending = new Int2IntOpenHashMap();
        ClientCallStreamObserver<ReportRequest> out;
        TrackCounts.Snapshot snapshot;
        int snapshotPos;
        int snapshotTracks;
        boolean awaitingSnapshotAck;
        long sentSeq;
        long ackedSeq;
        long lastProgressNanos;

        Attempt(TrackCounts.Snapshot snapshot) {
            this.snapshot = snapshot;
        }

        void progress() {
            lastProgressNanos = System.nanoTime();
        }

        boolean owesSomething() {
            return snapshot != null || awaitingSnapshotAck || sentSeq > ackedSeq || !pending.isEmpty();
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<ReportRequest> requestStream) {
            out = requestStream;
            requestStream.setOnReadyHandler(() -> onFeed(GatewayStream.this::pump));
        }

        @Override
        public void onNext(ReportResponse value) {
            onFeed(() -> onResponse(this, value));
        }

        @Override
        public void onError(Throwable t) {
            onFeed(() -> ended(this, Status.fromThrowable(t)));
        }

        @Override
        public void onCompleted() {
            onFeed(() -> ended(this, Status.UNAVAILABLE.withDescription("gateway ended the stream")));
        }
    }
}
