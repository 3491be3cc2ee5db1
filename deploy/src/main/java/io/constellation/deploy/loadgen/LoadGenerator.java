package io.constellation.deploy.loadgen;

import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.client.EncodedShareList;
import io.constellation.satellite.client.SatelliteClient;
import io.constellation.satellite.client.SatelliteClientException;
import io.constellation.satellite.wire.Transport;
import io.netty.channel.IoEventLoopGroup;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated satellites over real TCP: {@link LoadgenConfig#satellites()} slots, each with at
 * most one {@link SatelliteClient} at a time (user {@code prefix + slot}, the share list
 * {@link #shareList(int)} of its slot). {@link #run()} ramps up at the configured rate,
 * then churns (closes an online satellite and logs a new one in in its slot), prints a
 * progress line every second, and after the configured duration closes every client
 * gracefully and returns the {@link LoadSummary}.
 *
 * <p>Threads: every client runs on a small shared event loop group (no thread per client);
 * their listener callbacks only bump counters and record latencies. One driver thread
 * (the caller of {@link #run()}) starts clients and prints; churn closes a client with
 * {@link SatelliteClient#closeAsync()} and starts its successor on the event loop where
 * the close completes.
 */
public final class LoadGenerator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LoadGenerator.class);

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /**
     * Shortest sleep of the driver: it then starts the logins that fell due meanwhile together.
     * 5 ms, not 1: at thousands of logins a second every wake-up of the driver (and of the
     * event loops it hands closes to) is CPU taken from the server measured on this machine,
     * while the rate over any second stays the one asked for.
     */
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long the final close waits for the clients to stop. */
    private static final long CLOSE_WAIT_SECONDS = 60;
    /** Most clients started (or churned) per driver step, so a steep ramp does not hold up the progress line. */
    private static final int MAX_STARTS_PER_STEP = 256;
    /** Random probes for an online slot to log out before a churn step is skipped. */
    private static final int CHURN_PROBES = 64;
    private static final long CHURN_SALT = 0x5DEECE66DL;

    // Slot states: who may act on a slot next.
    private static final int EMPTY = 0;
    /** A client was started and is not online (logging in, or reconnecting). */
    private static final int PENDING = 1;
    private static final int ONLINE = 2;
    /** Picked by churn or the final stop: its client is being closed. */
    private static final int LEAVING = 3;
    /** Its client stopped for good by itself (e.g. wrong password); churn leaves it alone. */
    private static final int GAVE_UP = 4;

    /** Most file references drawn ahead of the run (4 bytes each with compressed pointers: 80 MB). */
    private static final long MAX_PREDRAWN_FILES = 20_000_000;
    /**
     * Most files whose encoded share lists are kept between a slot's logins (~150 bytes a
     * file: 750 MB); above it every client encodes its list itself.
     */
    private static final long MAX_ENCODED_FILES = 5_000_000;

    private final LoadgenConfig config;
    private final ShareLists lists;
    /** Each slot's share list, drawn before the clock starts; null when too large to hold (then drawn per login). */
    private final List<List<SharedFile>> predrawn;
    private final PrintWriter out;
    private final IoEventLoopGroup loops;
    /**
     * Each slot's list encoded by its first client and reused by the next ones (a real
     * satellite re-sends one list at every reconnect); null when the lists are too large
     * to keep ({@link #MAX_ENCODED_FILES}).
     */
    private final AtomicReferenceArray<EncodedShareList> encoded;
    /** Churn closes whose successor is not started yet. */
    private final AtomicInteger churning = new AtomicInteger();
    private final AtomicReferenceArray<Satellite> slots;
    private final AtomicIntegerArray states;
    private final LoadStats stats = new LoadStats();
    private final LatencyRecorder latencies = new LatencyRecorder();
    private final AtomicBoolean ran = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stopping;
    /** Guarded by this object's monitor (closeClients). */
    private boolean clientsClosed;
    private volatile long rampEndNanos;

    /**
     * Creates the event loops; nothing connects before {@link #run()}.
     *
     * @param lists where share lists are drawn from
     * @param out   receives the progress lines and the summary line
     */
    public LoadGenerator(LoadgenConfig config, ShareLists lists, PrintWriter out) {
        this.config = config;
        this.lists = lists;
        this.out = out;
        this.predrawn = predraw(config, lists);
        this.slots = new AtomicReferenceArray<>(config.satellites());
        this.states = new AtomicIntegerArray(config.satellites());
        this.encoded = (long) config.satellites() * config.filesPerSatellite() <= MAX_ENCODED_FILES
                ? new AtomicReferenceArray<>(config.satellites()) : null;
        this.loops = Transport.best().newGroup(config.eventLoops(), "loadgen-loop", true);
    }

    /**
     * The files the satellite of {@code slot} shares, at every login: drawn from its own
     * random source, so the same seed, universe and slot give the same list.
     */
    public List<SharedFile> shareList(int slot) {
        return predrawn != null ? predrawn.get(slot) : lists.forSlot(slot, config.filesPerSatellite(), config.seed());
    }

    /**
     * Draws every slot's list now, unless they would take more than
     * {@link #MAX_PREDRAWN_FILES} references: drawing (a binary search per file) during the
     * run would take CPU from the server being measured on the same machine, and the
     * clients hold their lists' files anyway.
     */
    private static List<List<SharedFile>> predraw(LoadgenConfig config, ShareLists lists) {
        if ((long) config.satellites() * config.filesPerSatellite() > MAX_PREDRAWN_FILES) {
            return null;
        }
        List<List<SharedFile>> all = new ArrayList<>(config.satellites());
        for (int slot = 0; slot < config.satellites(); slot++) {
            all.add(List.copyOf(lists.forSlot(slot, config.filesPerSatellite(), config.seed())));
        }
        return all;
    }

    /**
     * Runs the load for the configured duration, then closes every client and returns what
     * happened. Once per generator.
     *
     * @throws InterruptedException if the calling thread is interrupted (the clients are
     *                              closed by {@link #close()})
     */
    public LoadSummary run() throws InterruptedException {
        if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException("a load generator runs once");
        }
        long cpuAtStart = processCpuNanos();
        long start = System.nanoTime();
        long end = start + config.duration().toNanos();
        Driver driver = new Driver(start);
        long nextProgress = start + SECOND;
        while (true) {
            long now = System.nanoTime();
            if (now - end >= 0) {
                break;
            }
            driver.startDue(now);
            if (now - nextProgress >= 0) {
                printProgress(now - start, driver);
                nextProgress += SECOND;
            }
            long wake = Math.min(Math.min(driver.nextDueNanos(), nextProgress), end);
            long sleep = wake - System.nanoTime();
            if (sleep > 0) {
                LockSupport.parkNanos(Math.max(MIN_TICK, sleep)); // behind schedule: go on at once
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("load generator interrupted");
            }
        }
        long stoppedAt = System.nanoTime();
        long cpuAtStop = processCpuNanos();
        // Counted once every client is closed, when nothing moves any more: so every client
        // started is exactly one of online once, failed, timed out or in flight.
        closeClients();
        LoadTotals totals = stats.totals(0);
        long[] pending = pendingLogins(stoppedAt);
        driver.total.addAll(latencies.takeInterval());
        long rampEnd = rampEndNanos;
        boolean rampComplete = rampEnd != 0 && rampEnd - stoppedAt <= 0;
        LoadSummary summary = new LoadSummary((stoppedAt - start) / 1e9, config.satellites(), totals,
                stats.rampOnline.get(), ((rampComplete ? rampEnd : stoppedAt) - start) / 1e9, rampComplete,
                pending[0], pending[1], driver.total, config.maxFailedFraction(),
                cpuAtStart < 0 || cpuAtStop < 0 ? -1 : (cpuAtStop - cpuAtStart) / 1e9);
        out.println(summary.line());
        out.flush();
        return summary;
    }

    /** Satellites online now (their full share list acknowledged). Any thread. */
    public int online() {
        return stats.online.get();
    }

    /** Closes every client still open and the event loops. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeClients();
        loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        loops.terminationFuture().awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** The progress line: cumulative counts, the last second's logins and latency percentiles. */
    private void printProgress(long elapsedNanos, Driver driver) {
        LoadTotals totals = stats.totals(liveRefused());
        LatencyHistogram second = latencies.takeInterval();
        driver.total.addAll(second);
        long logins = totals.logins() - driver.lastLogins;
        driver.lastLogins = totals.logins();
        out.println(String.format(Locale.ROOT,
                "[%4ds] connected %d, online %d, logins/s %d | errors: %s | login-ack ms p50 %s p99 %s",
                Math.round(elapsedNanos / 1e9), stats.connected.get(), stats.online.get(), logins, totals.errors(),
                LoadSummary.millis(second.percentileMicros(0.5)), LoadSummary.millis(second.percentileMicros(0.99))));
        out.flush();
    }

    /**
     * Starts the client of {@code slot}; {@code ramp} for each slot's first. Driver thread,
     * or the event loop of the slot's previous client (churn).
     */
    private void startSlot(int slot, boolean ramp) {
        Satellite s = new Satellite(slot, ramp);
        SatelliteClient.Builder b = SatelliteClient.builder()
                .servers(rotated(config.servers(), slot))
                .user(config.userOf(slot))
                .password(config.password())
                .shareList(encodedList(slot))
                .chunkSize(config.chunkSize())
                .eventLoopGroup(loops)
                .random(new SplittableRandom(ShareLists.slotSeed(~config.seed(), slot))) // backoff jitter
                .listener(s);
        List<java.net.InetAddress> sources = config.sourceAddresses();
        if (!sources.isEmpty()) {
            b.localAddress(sources.get(slot % sources.size()));
        }
        s.client = b.build();
        s.startedNanos = System.nanoTime();
        slots.set(slot, s);
        states.set(slot, PENDING);
        stats.attempts.increment();
        s.client.start();
    }

    /** The share list of {@code slot}, encoded by the slot's first client and kept when there is room. */
    private EncodedShareList encodedList(int slot) {
        EncodedShareList list = encoded == null ? null : encoded.get(slot);
        if (list == null) {
            list = EncodedShareList.of(shareList(slot));
            if (encoded != null) {
                encoded.set(slot, list); // one slot's clients run one after another: no race to lose
            }
        }
        return list;
    }

    /** Logs one online satellite out and a new one in; false if none was online. Driver thread. */
    private boolean churnOne(SplittableRandom random) {
        int n = config.satellites();
        for (int probe = 0; probe < CHURN_PROBES; probe++) {
            int slot = random.nextInt(n);
            if (states.compareAndSet(slot, ONLINE, LEAVING)) {
                replace(slot);
                return true;
            }
        }
        return false;
    }

    /**
     * Closes the client of {@code slot} and, once it has stopped, starts another, unless the
     * run is stopping by then (the final close waits for {@link #churning} to drop to zero,
     * so it sees every successor started). Driver thread; the successor starts on the closed
     * client's event loop.
     */
    private void replace(int slot) {
        churning.incrementAndGet();
        retire(slots.get(slot)).whenComplete((v, e) -> {
            try {
                if (!stopping) {
                    stats.logouts.increment();
                    startSlot(slot, false);
                }
            } finally {
                churning.decrementAndGet();
            }
        });
    }

    /** Starts closing {@code s}'s client; the future completes once its connection attempts are counted. Any thread. */
    private CompletableFuture<Void> retire(Satellite s) {
        s.leaving = true;
        // An attempt cut short by this close was not refused.
        boolean cut = s.client.state() == SatelliteClient.State.CONNECTING;
        return s.client.closeAsync().whenComplete((v, e) ->
                stats.retiredRefused.add(Math.max(0, s.client.connects() - s.connectedEvents - (cut ? 1 : 0))));
    }

    /**
     * Stops churn, lets the churn in progress finish, then closes every client still in a
     * slot, all at once. Idempotent.
     */
    private synchronized void closeClients() {
        if (clientsClosed) {
            return;
        }
        clientsClosed = true;
        stopping = true;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
        while (churning.get() > 0 && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(MIN_TICK);
        }
        if (churning.get() > 0) {
            log.warn("load generator: {} churn step(s) did not finish within {} s", churning.get(), CLOSE_WAIT_SECONDS);
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (int slot = 0; slot < config.satellites(); slot++) {
            Satellite s = slots.get(slot);
            if (s != null && !s.leaving) {
                states.set(slot, LEAVING);
                closing.add(retire(s));
            }
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("load generator: closing the clients did not finish within {} s", CLOSE_WAIT_SECONDS);
        }
    }

    /**
     * Failed connection attempts of the clients in the slots now. A client's count is only
     * read while it waits to reconnect, when every attempt it made is over: the client has
     * no hook for a failed connect, and its counters read at other times (an attempt begun,
     * a connection made and not yet reported) would show refusals that are not. Between
     * such moments the last count read stands. Driver thread.
     */
    private long liveRefused() {
        long n = 0;
        for (int slot = 0; slot < config.satellites(); slot++) {
            Satellite s = slots.get(slot);
            if (s == null || s.leaving) {
                continue;
            }
            // Attempts first, state next, connections last: a race can only undercount.
            int attempts = s.client.connects();
            if (s.client.state() == SatelliteClient.State.WAITING) {
                s.refusedSeen = Math.max(s.refusedSeen, attempts - s.connectedEvents);
            }
            n += s.refusedSeen;
        }
        return n;
    }

    /**
     * {timed out, in flight}: clients in the slots never online and not given up, started
     * over / under the login timeout before {@code now}. After {@link #closeClients()}.
     */
    private long[] pendingLogins(long now) {
        long timeout = config.loginTimeout().toNanos();
        long timedOut = 0;
        long inFlight = 0;
        for (int slot = 0; slot < config.satellites(); slot++) {
            Satellite s = slots.get(slot);
            if (s == null || s.everOnline || s.gaveUp) {
                continue;
            }
            if (now - s.startedNanos > timeout) {
                timedOut++;
            } else {
                inFlight++;
            }
        }
        return new long[] {timedOut, inFlight};
    }

    /** CPU time of this whole process so far, in ns, or -1 if the platform does not say. */
    private static long processCpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(-1L);
    }

    private static List<InetSocketAddress> rotated(List<InetSocketAddress> servers, int slot) {
        if (servers.size() == 1) {
            return servers;
        }
        List<InetSocketAddress> r = new ArrayList<>(servers);
        Collections.rotate(r, -(slot % servers.size()));
        return r;
    }

    /** The driver thread's schedule: logins of the ramp, then churn, each due by elapsed time. */
    private final class Driver {
        final long start;
        final SplittableRandom churnRandom = new SplittableRandom(ShareLists.slotSeed(config.seed() ^ CHURN_SALT, -1));
        final LatencyHistogram total = new LatencyHistogram();
        int started;
        long churnStart;
        long churned;
        long lastLogins;

        Driver(long start) {
            this.start = start;
        }

        /** Starts the logins, or churn steps, due by {@code now}: up to {@link #MAX_STARTS_PER_STEP}. */
        void startDue(long now) {
            int n = config.satellites();
            if (started < n) {
                // The first login goes at once, the k-th (0-based) at k / rate seconds.
                long due = Math.min(n, (long) (config.rampRate() * (now - start) / SECOND) + 1);
                for (int i = 0; started < due && i < MAX_STARTS_PER_STEP; i++) {
                    startSlot(started++, true);
                }
                churnStart = now;
            } else if (config.churnRate() > 0) {
                long due = (long) (config.churnRate() * (now - churnStart) / SECOND);
                for (int i = 0; churned < due && i < MAX_STARTS_PER_STEP; i++) {
                    churned++;
                    if (!churnOne(churnRandom)) {
                        // None online now: the other steps due would probe in vain too (each
                        // probe a cache miss: most of this thread's CPU when more churn is asked
                        // than the server takes). Skipped, and counted so.
                        stats.churnSkipped.add(1 + due - churned);
                        churned = due;
                    }
                }
            }
        }

        /** When the next login or churn step falls due. */
        long nextDueNanos() {
            if (started < config.satellites()) {
                return start + (long) Math.ceil(started * SECOND / config.rampRate());
            }
            if (config.churnRate() > 0) {
                return churnStart + (long) Math.ceil((churned + 1) * SECOND / config.churnRate());
            }
            return Long.MAX_VALUE;
        }
    }

    /**
     * One client and what its listener saw. The listener methods run on the client's event
     * loop; the fields without volatile are touched there only.
     */
    private final class Satellite implements SatelliteClient.Listener {
        final int slot;
        final boolean ramp;
        /** Set before the client starts, which publishes it to the event loop. */
        SatelliteClient client;
        volatile long startedNanos;
        /** Set before the load generator closes the client: its disconnect is no error. */
        volatile boolean leaving;
        /** Connections made; written on the event loop only. */
        volatile int connectedEvents;
        /** The last failed-attempt count read by {@link #liveRefused()}; driver thread only. */
        int refusedSeen;
        private long connectedNanos;
        private boolean connected;
        private boolean online;
        /** Written on the event loop, read by the driver once the client is closed. */
        volatile boolean everOnline;
        volatile boolean gaveUp;

        Satellite(int slot, boolean ramp) {
            this.slot = slot;
            this.ramp = ramp;
        }

        private boolean current() {
            return slots.get(slot) == this;
        }

        @Override
        public void connected(SatelliteClient c) {
            connectedNanos = System.nanoTime();
            connected = true;
            connectedEvents++; // only this event loop writes it
            stats.connected.incrementAndGet();
        }

        @Override
        public void shareAcknowledged(SatelliteClient c, ShareAck ack) {
            if (online) {
                return; // the ack of a later delta: this connection is online already
            }
            online = true;
            latencies.record((System.nanoTime() - connectedNanos) / 1_000);
            stats.online.incrementAndGet();
            stats.logins.increment();
            if (current()) {
                states.compareAndSet(slot, PENDING, ONLINE);
            }
            if (!everOnline) {
                everOnline = true;
                if (ramp) {
                    stats.rampOnline.incrementAndGet();
                    settleRamp();
                }
            }
        }

        @Override
        public void error(SatelliteClient c, Error error) {
            switch (error.getCode()) {
                case LOGIN_FAILED -> stats.loginFailed.increment();
                case LOGIN_THROTTLED -> stats.throttled.increment();
                case SERVER_BUSY -> stats.busy.increment();
                default -> stats.otherErrors.increment();
            }
        }

        @Override
        public void disconnected(SatelliteClient c) {
            if (!connected) {
                return; // a connection the client closed at once because it was closing: never reported connected
            }
            connected = false;
            stats.connected.decrementAndGet();
            if (online) {
                online = false;
                stats.online.decrementAndGet();
            }
            if (!leaving && !stopping) {
                stats.disconnects.increment();
                if (current()) {
                    states.compareAndSet(slot, ONLINE, PENDING); // it reconnects by itself
                }
            }
        }

        @Override
        public void stopped(SatelliteClient c, SatelliteClientException reason) {
            if (reason == null || leaving) {
                return; // closed by the load generator
            }
            log.debug("satellite {} gave up: {}", config.userOf(slot), reason.getMessage());
            gaveUp = true;
            if (current()) {
                states.compareAndSet(slot, PENDING, GAVE_UP);
                states.compareAndSet(slot, ONLINE, GAVE_UP);
            }
            if (!everOnline) {
                stats.gaveUp(reason);
                if (ramp) {
                    settleRamp();
                }
            }
        }

        private void settleRamp() {
            if (stats.rampSettled.incrementAndGet() == config.satellites()) {
                rampEndNanos = System.nanoTime();
            }
        }
    }
}
