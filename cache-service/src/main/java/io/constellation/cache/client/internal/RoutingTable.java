package io.constellation.cache.client.internal;

import io.constellation.cache.client.CacheNode;
import io.constellation.cache.client.SearchClientConfig;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * The current {@link Routing} of a client and the only place that changes it.
 *
 * <p>Threads: lookups and down/up marks come from any caller thread and gRPC callback
 * threads; they read the snapshot lock-free and swap in changes with compare-and-set, so a
 * lookup never waits. Membership changes and {@link #close} are synchronized with each other
 * (they open and close channels) and publish with the same compare-and-set, so a down mark
 * made meanwhile is never lost.
 *
 * <p>Recovery: a node marked down stays off the ring for its down time. Then its channel is
 * asked to reconnect at once (resetting gRPC's reconnect backoff, which grows to two minutes)
 * and the node is <em>probing</em>: still off the ring, for another down time. As soon as
 * the channel is READY (the node accepts HTTP/2 connections again) it is put back on the
 * ring, and real traffic is the rest of the check: a node that connects but fails or hangs
 * fails that call over and is marked down again. Why a connection check plus real traffic
 * and not the gRPC health service: it asks nothing of the node beyond the search API, needs
 * no timer thread (a lookup starts the probe, gRPC's connectivity callback ends it), and no
 * user request is spent on a node that cannot even accept a connection. A probe that fails
 * leaves the node probing; the next down time passing asks for a reconnect again. At most
 * one connectivity watcher per channel exists at any time.
 */
public final class RoutingTable implements AutoCloseable {

    private final AtomicReference<Routing> current;
    /** Channels with a connectivity watcher registered (one each at most). */
    private final Set<ManagedChannel> watched = ConcurrentHashMap.newKeySet();
    private final ChannelFactory channels;
    private final LongSupplier ticker;
    private final DoubleSupplier random;
    private final long downNanos;
    private final double jitter;
    /** Written under the lock, read by callers that must not wait for a close in progress. */
    private volatile boolean closed;

    /** Opens a channel to every node of {@code config}. */
    public RoutingTable(SearchClientConfig config, ChannelFactory channels) {
        this.channels = channels;
        this.ticker = config.ticker();
        this.random = config.random();
        this.downNanos = config.downTime().toNanos();
        this.jitter = config.downJitter();
        Map<String, NodeChannel> nodes = new HashMap<>();
        for (CacheNode n : config.nodes()) {
            nodes.put(n.id(), new NodeChannel(n, channels.open(n)));
        }
        this.current = new AtomicReference<>(Routing.of(nodes, config.pointsPerWeight()));
    }

    /** The routing as it is, without starting probes (for metrics: reading has no effect). */
    public Routing peek() {
        return current.get();
    }

    /** The routing to use now; starts the probes of nodes whose down time has passed. */
    public Routing current() {
        Routing r = current.get();
        long now = ticker.getAsLong();
        while (r.retryDue(now)) {
            List<String> due = r.due(now);
            Routing next = r.withProbing(due, downUntil(now));
            if (current.compareAndSet(r, next)) {
                // Only the thread that published the change starts the probes: once per down time.
                due.forEach(id -> probe(id, next.node(id).channel()));
                return next;
            }
            r = current.get();
        }
        return r;
    }

    /**
     * Marks {@code id} down for the down time (with jitter) from now.
     *
     * @return whether it was up or probing (false when already down, or no longer configured)
     */
    public boolean markDown(String id) {
        long until = downUntil(ticker.getAsLong());
        while (true) {
            Routing r = current.get();
            if (r.node(id) == null || (r.isDown(id) && !r.isProbing(id))) {
                return false;
            }
            if (current.compareAndSet(r, r.withDown(id, until))) {
                return true;
            }
        }
    }

    private long downUntil(long now) {
        double spread = 1 + jitter * (2 * random.getAsDouble() - 1);
        return now + (long) (downNanos * spread);
    }

    private void probe(String id, ManagedChannel channel) {
        channel.resetConnectBackoff();
        watch(id, channel);
    }

    /** Puts {@code id} back when {@code channel} is READY; else waits for its next state change. */
    private void watch(String id, ManagedChannel channel) {
        ConnectivityState state = channel.getState(true);
        if (state == ConnectivityState.READY) {
            markUp(id, channel);
        } else if (state != ConnectivityState.SHUTDOWN && watched.add(channel)) {
            // Runs on the channel's executor, never an event loop; does not block.
            channel.notifyWhenStateChanged(state, () -> {
                watched.remove(channel);
                Routing r = current.get();
                if (r.isProbing(id) && r.node(id) != null && r.node(id).channel() == channel) {
                    watch(id, channel);
                }
            });
        }
    }

    /** Puts {@code id} back on the ring if it is still probing on {@code channel}. */
    private void markUp(String id, ManagedChannel channel) {
        while (true) {
            Routing r = current.get();
            NodeChannel n = r.node(id);
            if (n == null || n.channel() != channel || !r.isProbing(id)) {
                return;
            }
            if (current.compareAndSet(r, r.withUp(id))) {
                return;
            }
        }
    }

    /**
     * Adds {@code node}.
     *
     * @throws IllegalArgumentException if a node of its id is configured already
     */
    public synchronized void add(CacheNode node) {
        ensureOpen();
        Map<String, CacheNode> next = current.get().configured();
        if (next.putIfAbsent(node.id(), node) != null) {
            throw new IllegalArgumentException("a cache node has the id " + node.id() + " already");
        }
        publish(next);
    }

    /**
     * Gives node {@code id} a new weight (same channel): its share of the queries follows.
     *
     * @throws IllegalArgumentException if it is not configured or the weight is out of range
     */
    public synchronized void reweight(String id, int weight) {
        ensureOpen();
        Map<String, CacheNode> next = current.get().configured();
        CacheNode old = next.get(id);
        if (old == null) {
            throw new IllegalArgumentException("no cache node has the id " + id);
        }
        next.put(id, old.withWeight(weight));
        publish(next);
    }

    /**
     * Removes node {@code id}; calls in flight on it finish (its channel is shut down gracefully).
     *
     * @throws IllegalArgumentException if it is not configured, or is the last node
     */
    public synchronized void remove(String id) {
        ensureOpen();
        Map<String, CacheNode> next = current.get().configured();
        if (next.remove(id) == null) {
            throw new IllegalArgumentException("no cache node has the id " + id);
        }
        if (next.isEmpty()) {
            throw new IllegalArgumentException("cannot remove " + id + ": it is the last cache node");
        }
        publish(next);
    }

    /** Builds the ring of {@code nodes}, swaps it in, then shuts the channels no longer used. */
    private void publish(Map<String, CacheNode> nodes) {
        Routing before = current.get();
        Map<String, NodeChannel> withChannels = new HashMap<>();
        for (CacheNode n : nodes.values()) {
            NodeChannel old = before.node(n.id());
            boolean sameAddress = old != null && old.node().address().equals(n.address());
            withChannels.put(n.id(), sameAddress ? old.with(n) : new NodeChannel(n, channels.open(n)));
        }
        Routing r;
        do {
            r = current.get();
        } while (!current.compareAndSet(r, r.withNodes(withChannels)));
        for (NodeChannel old : before.nodes().values()) {
            NodeChannel now = withChannels.get(old.node().id());
            if (now == null || now.channel() != old.channel()) {
                old.channel().shutdown();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the search client is closed");
        }
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Shuts every channel down gracefully (calls in flight may finish) for up to
     * {@code graceMillis}, then forcefully.
     */
    public synchronized void close(long graceMillis) {
        if (closed) {
            return;
        }
        closed = true;
        List<ManagedChannel> all = new ArrayList<>();
        current.get().nodes().values().forEach(n -> all.add(n.channel()));
        all.forEach(ManagedChannel::shutdown);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMillis);
        try {
            for (ManagedChannel c : all) {
                c.awaitTermination(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            all.forEach(ManagedChannel::shutdownNow);
        }
    }

    @Override
    public void close() {
        close(5_000);
    }
}
