package io.constellation.gateway.availability.internal;

import io.constellation.gateway.internal.CurrentCounts;
import io.constellation.gateway.internal.GatewayMetrics;
import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The gateway's current-availability feature put together: the contribution store, its
 * writer loop, the feed service that satellite servers stream into and the look-up
 * service that readers call. Built and owned by the gateway server.
 */
public final class Availability implements CurrentCounts, AutoCloseable {

    private final ContributionStore store;
    private final FeedLoop loop;
    private final FeedService feed;
    private final LookupService lookups;
    private final CountDownLatch ready = new CountDownLatch(1);

    /**
     * @param grace           how long a server's contribution outlives its stream
     * @param startupWait     how long look-ups wait after start for servers to report
     * @param expectedServers servers whose first snapshots end that wait early (0: none)
     * @param nanoClock       System::nanoTime, or a test's clock
     * @param onReady         called once, from the feed loop, when look-ups open
     */
    public Availability(Duration grace, Duration startupWait, int expectedServers, GatewayMetrics metrics,
                        MeterRegistry registry, LongSupplier nanoClock, Runnable onReady) {
        this.store = new ContributionStore(grace.toNanos(), metrics);
        this.loop = new FeedLoop(store, nanoClock, startupWait.toNanos(), expectedServers, () -> {
            ready.countDown();
            onReady.run();
        });
        this.feed = new FeedService(loop);
        this.lookups = new LookupService(store, this::isReady, metrics);
        metrics.bindState(registry, store::serversReporting, store::tracksAvailable, store::streamsOpen);
    }

    /** The gRPC services to serve: the look-ups, and the feed (with the peer-address interceptor its logs use). */
    public List<BindableService> services() {
        PeerAddress peers = new PeerAddress();
        BindableService feedWithPeers = () -> ServerInterceptors.intercept(feed, peers);
        return List.of(lookups, feedWithPeers);
    }

    /** Starts the writer loop (and the start-up wait). */
    public void start() {
        loop.start();
    }

    /** Whether look-ups are answered. Any thread. */
    public boolean isReady() {
        return ready.getCount() == 0;
    }

    /** Waits up to {@code timeout} for look-ups to open. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** The current total of one track. Any thread. */
    public int count(int trackId) {
        return store.count(trackId);
    }

    /** Servers whose contribution is included. Any thread. */
    public int serversReporting() {
        return store.serversReporting();
    }

    @Override
    public void forEachAvailable(long fromId, long toId, TrackCount consumer) {
        store.table().forEachAvailable(fromId, toId, consumer);
    }

    /** Refuses new feed streams, ends the open ones with UNAVAILABLE and stops the loop. */
    @Override
    public void close() {
        feed.refuseNewStreams();
        loop.close();
    }
}
