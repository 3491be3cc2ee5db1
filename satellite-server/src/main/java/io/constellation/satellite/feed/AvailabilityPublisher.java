package io.constellation.satellite.feed;

import io.constellation.satellite.feed.internal.FeedMetrics;
import io.constellation.satellite.feed.internal.GatewayStream;
import io.constellation.satellite.share.TrackCounts;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams this satellite server's {@link TrackCounts} to every configured gateway
 * ({@code constellation.availability.v1.AvailabilityFeed/Report}): per gateway one stream
 * that opens with a Hello and a full snapshot (in chunks), then carries a delta every
 * {@link FeedConfig#deltaInterval()} when something changed, numbered from 1, and is
 * reopened with jittered exponential backoff and a fresh snapshot whenever it breaks.
 *
 * <p>Threads: one feed thread, owned by this object, cuts the counts and runs every
 * stream; gRPC callbacks hop onto it. Every interval it cuts one delta and hands it to
 * every open stream; a stream that opens cuts a snapshot together with the delta before
 * it (which the other streams take), so each gateway's snapshot plus its later deltas
 * equals the counts exactly. Streams never wait for each other: one gateway down or slow
 * only holds its own changes, coalesced (see {@link GatewayStream}).
 *
 * <p>This must be the only caller of {@link TrackCounts#cutDelta()} and
 * {@link TrackCounts#cutWithSnapshot()} on its counts.
 */
public final class AvailabilityPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AvailabilityPublisher.class);

    private final FeedConfig config;
    private final TrackCounts counts;
    private final ScheduledThreadPoolExecutor feed;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<GatewayStream> streams = new ArrayList<>();
    private boolean started;

    /** A publisher over plaintext gRPC (Netty) channels to each gateway's "host:port". */
    public AvailabilityPublisher(FeedConfig config, TrackCounts counts, MeterRegistry registry) {
        this(config, counts, registry, target -> NettyChannelBuilder.forTarget(target).usePlaintext().build());
    }

    /**
     * A publisher whose channels come from {@code channelFactory} (given each configured
     * gateway address; e.g. TLS channels, or in-process ones in tests). The publisher owns
     * the channels and shuts them down on {@link #close()}. Meters are registered in
     * {@code registry} now, one set per gateway (see {@link FeedMetrics}).
     */
    public AvailabilityPublisher(FeedConfig config, TrackCounts counts, MeterRegistry registry,
                                 Function<String, ManagedChannel> channelFactory) {
        this.config = config;
        this.counts = counts;
        this.feed = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "availability-feed");
            t.setDaemon(true);
            return t;
        });
        feed.setRemoveOnCancelPolicy(true);
        feed.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        List<String> gateways = config.gateways();
        for (int i = 0; i < gateways.size(); i++) {
            ManagedChannel channel = channelFactory.apply(gateways.get(i));
            channels.add(channel);
            streams.add(new GatewayStream(i, gateways.get(i), channel, config, FeedMetrics.forGateway(registry, i),
                    this::cutSnapshot, feed));
        }
    }

    /** Opens every gateway's stream and starts the delta clock; returns at once. */
    public synchronized AvailabilityPublisher start() {
        if (started) {
            throw new IllegalStateException("already started");
        }
        started = true;
        long every = config.deltaInterval().toMillis();
        feed.execute(() -> streams.forEach(GatewayStream::open));
        feed.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        log.info("availability feed of server {} (incarnation {}) to {} gateway(s): {}", config.serverId(),
                config.incarnation(), streams.size(), config.gateways());
        return this;
    }

    /** Each gateway's state now. Any thread. */
    public List<GatewayStatus> status() {
        return streams.stream().map(GatewayStream::status).toList();
    }

    /** Feed thread, every interval: one delta for every open stream, then send and check for stalls. */
    private void tick() {
        try {
            TrackCounts.Delta delta = counts.cutDelta();
            long now = System.nanoTime();
            for (GatewayStream s : streams) {
                s.offer(delta);
                s.pump();
                s.checkStalled(now);
            }
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: log and keep ticking.
            log.error("availability feed tick failed", e);
        }
    }

    /** Feed thread: a snapshot for a stream that opens; the delta before it goes to the others. */
    private TrackCounts.Snapshot cutSnapshot() {
        TrackCounts.Cut cut = counts.cutWithSnapshot();
        for (GatewayStream s : streams) {
            s.offer(cut.delta());
        }
        return cut.snapshot();
    }

    /**
     * Half-closes every stream (the gateways keep this server's contribution for their grace
     * period), waits up to 5 s for the channels to finish, then forces them and stops the
     * feed thread.
     */
    @Override
    public synchronized void close() {
        try {
            feed.submit(() -> streams.forEach(GatewayStream::close)).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            log.warn("availability feed: streams did not close cleanly: {}", e.toString());
        }
        feed.shutdown();
        channels.forEach(ManagedChannel::shutdown);
        try {
            for (ManagedChannel c : channels) {
                if (!c.awaitTermination(5, TimeUnit.SECONDS)) {
                    c.shutdownNow();
                }
            }
            if (!feed.awaitTermination(5, TimeUnit.SECONDS)) {
                feed.shutdownNow();
            }
        } catch (InterruptedException e) {
            channels.forEach(ManagedChannel::shutdownNow);
            feed.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
