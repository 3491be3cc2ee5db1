package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.login.Authenticator;
import io.constellation.satellite.share.AvailabilityCounts;
import io.constellation.satellite.share.ShareResolver;
import io.constellation.satellite.wire.FrameDecoder;
import io.constellation.satellite.wire.MessageCodec;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What every connection of one server shares: configuration, collaborators, meters, the
 * session registry, the per-loop connection lists, the admission counters and the
 * sharable handlers. One per server, built before it binds; thread-safe.
 *
 * <p>Keeping all of this behind one reference is what keeps a connection small: each
 * {@link ConnectionHandler} holds this object, not a dozen fields.
 */
public final class ServerContext {

    final SatelliteServerConfig config;
    final SatelliteMetrics metrics;
    final Authenticator authenticator;
    final ShareResolver resolver;
    final AvailabilityCounts counts;
    final SessionRegistry sessions = new SessionRegistry();
    final LongSupplier nanoClock;
    final ServerMessage welcome;
    final MessageCodec<ClientMessage> codec;
    /** Frame decoders (per channel) that share one limits object. */
    final Supplier<FrameDecoder> frameDecoders;
    final ExceptionSorter sorter = new ExceptionSorter();
    final AddressRateLimiter rateLimiter;
    // Deadlines in milliseconds, compared with differences of millis().
    final int loginTimeoutMillis;
    final int idleTimeoutMillis;
    final int resolveTimeoutMillis;
    final int slowReaderMillis;
    final int closingGraceMillis;
    final long busyRetryMillis;

    private final ConcurrentHashMap<EventExecutor, LoopConnections> loops = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean draining;
    private volatile Runnable onAllClosed = () -> { };

    /**
     * @param nanoClock monotonic time in nanoseconds ({@link System#nanoTime} in production;
     *                  tests move it by hand)
     */
    public ServerContext(SatelliteServerConfig config, Authenticator authenticator, ShareResolver resolver,
            AvailabilityCounts counts, MeterRegistry registry, LongSupplier nanoClock) {
        this.config = config;
        this.authenticator = authenticator;
        this.resolver = resolver;
        this.counts = counts;
        this.nanoClock = nanoClock;
        this.metrics = new SatelliteMetrics(registry, open::get, sessions::size);
        this.welcome = Replies.welcome(config);
        this.codec = MessageCodec.server(metrics);
        this.frameDecoders = FrameDecoder.perChannel(config.maxFrameBytes(), metrics);
        this.rateLimiter = new AddressRateLimiter(config.connectionsPerSecondPerAddress());
        this.loginTimeoutMillis = millis(config.loginTimeout());
        this.idleTimeoutMillis = millis(config.idleTimeout());
        this.resolveTimeoutMillis = millis(config.resolveTimeout());
        this.slowReaderMillis = millis(config.slowReaderTimeout());
        this.closingGraceMillis = millis(config.drainGrace());
        this.busyRetryMillis = config.busyRetryAfter().toMillis();
    }

    /** The connections of {@code loop}; created on first use. */
    LoopConnections loop(EventExecutor loop) {
        LoopConnections c = loops.get(loop);
        return c != null ? c : loops.computeIfAbsent(loop, l -> new LoopConnections());
    }

    /** Checks every connection of {@code loop} against its deadlines. Call on that loop. */
    public void sweep(EventExecutor loop) {
        int now = millis();
        loop(loop).forEach(c -> c.sweep(now));
    }

    /**
     * The clock in milliseconds, as an int that wraps every 49 days: connections keep their
     * times in 4 bytes instead of 8, and only ever compare them by difference with now.
     */
    int millis() {
        return (int) (nanoClock.getAsLong() / 1_000_000L);
    }

    private static int millis(Duration d) {
        // Differences of wrapping ints are exact up to 2^31 ms; deadlines stay well below.
        return (int) Math.min(d.toMillis(), Integer.MAX_VALUE / 2);
    }

    /**
     * Tells every connection of {@code loop} to reconnect elsewhere, each after its own
     * delay drawn by {@code delays}. Call on that loop.
     */
    public void drain(EventExecutor loop, IntSupplier delays) {
        loop(loop).forEach(c -> c.drain(delays.getAsInt()));
    }

    /** Closes every connection of {@code loop} now. Call on that loop. */
    public void closeAll(EventExecutor loop) {
        loop(loop).forEach(ConnectionHandler::closeNow);
    }

    public SatelliteMetrics metrics() {
        return metrics;
    }

    /** Open connections now. */
    public int openConnections() {
        return open.get();
    }

    /** Logged-in sessions now. */
    public int onlineSessions() {
        return sessions.size();
    }

    /** From now on every new connection is refused; {@code whenAllClosed} runs once none is open. */
    public void startDraining(Runnable whenAllClosed) {
        onAllClosed = whenAllClosed;
        draining = true;
        if (open.get() == 0) {
            whenAllClosed.run();
        }
    }

    boolean draining() {
        return draining;
    }

    /** Ids for log lines: an int, as a connection keeps its id in 4 bytes; wraps after 2^32. */
    int nextConnectionId() {
        return ids.incrementAndGet();
    }

    /** Counts a connection in; false (and nothing counted) if that would pass the limit. */
    boolean tryOpen() {
        while (true) {
            int n = open.get();
            if (n >= config.maxConnections()) {
                return false;
            }
            if (open.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Counts a connection out. */
    void closed() {
        if (open.decrementAndGet() == 0 && draining) {
            onAllClosed.run();
        }
    }
}
