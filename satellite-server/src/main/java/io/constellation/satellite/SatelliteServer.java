package io.constellation.satellite;

import io.constellation.satellite.internal.CompactEpollServerChannel;
import io.constellation.satellite.internal.CompactRecvByteBufAllocator;
import io.constellation.satellite.internal.SatelliteChannelInitializer;
import io.constellation.satellite.internal.ServerContext;
import io.constellation.satellite.login.Authenticator;
import io.constellation.satellite.share.AvailabilityCounts;
import io.constellation.satellite.share.ShareResolver;
import io.constellation.satellite.wire.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The satellites' TCP endpoint: accepts their connections, runs the protocol (Hello,
 * Login, share lists, heartbeats), keeps each session's shares in
 * {@link AvailabilityCounts}, and drains them to other servers when it stops.
 *
 * <p>Netty with epoll where available (NIO otherwise, logged), the pooled allocator, and
 * no timer per connection: each event loop sweeps its own connections once per
 * {@link SatelliteServerConfig#sweepInterval()} for login deadlines, idle satellites,
 * slow readers and stalled resolutions.
 *
 * <p>{@link #start()} binds and returns; {@link #drain(Duration)} stops accepting and sends
 * every satellite elsewhere; {@link #close()} drains (if not yet), then stops the event
 * loops gracefully, waits, and forces. The collaborators belong to the caller, who closes
 * them after the server. Meter names and tags are the constants of
 * {@link io.constellation.satellite.internal.SatelliteMetrics}. Thread-safe.
 */
public final class SatelliteServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SatelliteServer.class);
    private static final Duration SHUTDOWN_QUIET = Duration.ofMillis(100);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
    /**
     * Read buffers sized to the traffic, 64 B to 64 KiB: small for heartbeats, large for
     * share lists; 16 reads per loop at most, Netty's default for stream channels. Not
     * Netty's adaptive allocator: its per-channel state is 80 bytes larger.
     */
    private static final CompactRecvByteBufAllocator RECEIVE_BUFFERS =
            new CompactRecvByteBufAllocator(64, 2048, 65536, 16);

    private final SatelliteServerConfig config;
    private final ServerContext context;
    private final IoEventLoopGroup group;
    private final List<ScheduledFuture<?>> sweeps = new ArrayList<>();
    private final CompletableFuture<Void> drained = new CompletableFuture<>();
    private volatile Channel listener;
    private boolean draining;
    private boolean closed;

    /**
     * @param authenticator checks logins (off the event loop)
     * @param resolver      maps shared files to catalog tracks (off the event loop)
     * @param counts        receives every session's distinct tracks as they come and go
     * @param registry      where this server's meters go; one registry per server
     */
    public SatelliteServer(SatelliteServerConfig config, Authenticator authenticator, ShareResolver resolver,
            AvailabilityCounts counts, MeterRegistry registry) {
        this.config = Objects.requireNonNull(config, "config");
        this.context = new ServerContext(config, Objects.requireNonNull(authenticator, "authenticator"),
                Objects.requireNonNull(resolver, "resolver"), Objects.requireNonNull(counts, "counts"),
                Objects.requireNonNull(registry, "registry"), System::nanoTime);
        Transport transport = config.transport();
        if (transport == Transport.NIO && Transport.best() == Transport.EPOLL) {
            log.info("satellite server {} uses NIO as configured", config.serverId());
        } else if (transport == Transport.NIO) {
            log.info("satellite server {} uses NIO: epoll is unavailable ({})", config.serverId(),
                    String.valueOf(Transport.epollUnavailabilityCause()));
        } else {
            log.info("satellite server {} uses epoll", config.serverId());
        }
        this.group = transport.newGroup(config.ioThreads(), "satellite-" + config.serverId(), false);
    }

    /** Binds the listening port and starts the sweeps; returns once bound. */
    public synchronized SatelliteServer start() {
        if (listener != null || closed) {
            throw new IllegalStateException("a satellite server starts once");
        }
        WriteBufferWaterMark waterMark =
                new WriteBufferWaterMark(config.writeBufferLowBytes(), config.writeBufferHighBytes());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .option(ChannelOption.SO_BACKLOG, config.backlog())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // Shared: otherwise every channel's config makes its own allocator object.
                .childOption(ChannelOption.RECVBUF_ALLOCATOR, RECEIVE_BUFFERS)
                // One instance for every channel: a channel's config only points to it.
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark)
                .childHandler(new SatelliteChannelInitializer(context));
        if (config.transport() == Transport.EPOLL) {
            // Its accepted channels keep some 300 bytes less each than Netty's (see the class).
            bootstrap.channelFactory(CompactEpollServerChannel::new);
        } else {
            bootstrap.channel(config.transport().serverChannel());
        }
        if (config.socketSendBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes());
        }
        if (config.socketReceiveBufferBytes() > 0) {
            bootstrap.childOption(ChannelOption.SO_RCVBUF, config.socketReceiveBufferBytes());
        }
        ChannelFuture bound = bootstrap.bind(config.host(), config.port()).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            closed = true;
            throw new IllegalStateException("satellite server " + config.serverId() + " could not listen on "
                    + config.host() + ":" + config.port() + ": " + bound.cause().getMessage(), bound.cause());
        }
        listener = bound.channel();
        long every = config.sweepInterval().toNanos();
        for (EventExecutor loop : group) {
            sweeps.add(loop.scheduleAtFixedRate(() -> context.sweep(loop), every, every, TimeUnit.NANOSECONDS));
        }
        log.info("satellite server {} listening on {}", config.serverId(), listener.localAddress());
        return this;
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return address().getPort();
    }

    /** The bound address (after {@link #start()}). */
    public InetSocketAddress address() {
        Channel l = listener;
        if (l == null) {
            throw new IllegalStateException("not started");
        }
        return (InetSocketAddress) l.localAddress();
    }

    /** Open satellite connections now. */
    public int connections() {
        return context.openConnections();
    }

    /** Logged-in sessions now. */
    public int sessions() {
        return context.onlineSessions();
    }

    /** The configuration this server runs with. */
    public SatelliteServerConfig config() {
        return config;
    }

    /**
     * Stops accepting, tells every satellite to reconnect (elsewhere) after a delay drawn
     * uniformly from {@code [0, spread]} (so they do not all come back at once), and
     * closes each connection when its satellite has closed it or
     * {@link SatelliteServerConfig#drainGrace()} after the notice, whichever comes first.
     * Idempotent: later calls return the first call's future.
     *
     * @return completes when no satellite connection is open; it may complete on an event
     *     loop thread, so dependent actions must not block (or use the async variants)
     */
    public synchronized CompletableFuture<Void> drain(Duration spread) {
        if (draining) {
            return drained;
        }
        draining = true;
        long spreadMillis = Math.min(Integer.MAX_VALUE, Math.max(0, spread.toMillis()));
        log.info("satellite server {} draining {} connections, reconnects spread over {} ms",
                config.serverId(), context.openConnections(), spreadMillis);
        context.startDraining(() -> drained.complete(null));
        Channel l = listener;
        if (l != null) {
            l.close();
        }
        long seed = System.nanoTime();
        int i = 0;
        for (EventExecutor loop : group) {
            SplittableRandom random = new SplittableRandom(seed + i++);
            loop.execute(() -> context.drain(loop, () -> (int) random.nextLong(spreadMillis + 1)));
        }
        return drained;
    }

    /**
     * Drains (over {@link SatelliteServerConfig#drainSpread()}) unless a drain already
     * began, waits for it up to the grace period, then stops the event loops gracefully,
     * waits for them, and forces what is left.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        CompletableFuture<Void> done = drain(config.drainSpread());
        try {
            done.get(config.drainGrace().toMillis() + config.sweepInterval().toMillis() * 2 + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            log.warn("satellite server {}: {} connections still open after the drain; closing them",
                    config.serverId(), context.openConnections());
            for (EventExecutor loop : group) {
                loop.execute(() -> context.closeAll(loop));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sweeps.forEach(s -> s.cancel(false));
        group.shutdownGracefully(SHUTDOWN_QUIET.toMillis(), SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try {
            if (!group.awaitTermination(SHUTDOWN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS)) {
                log.warn("satellite server {}: event loops did not stop in time", config.serverId());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("satellite server {} closed", config.serverId());
    }
}
