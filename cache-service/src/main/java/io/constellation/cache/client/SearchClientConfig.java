package io.constellation.cache.client;

import io.constellation.common.ring.HashRing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * How a {@link SearchClient} reaches the cache nodes. Immutable; built and validated by
 * {@link Builder}, whose Javadoc gives each default.
 */
public final class SearchClientConfig {

    /** Default {@link Builder#deadline}: a miss on a cold node, failover included, fits. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(3);
    /** Default {@link Builder#attemptTimeout}: half the deadline, so the secondary gets the other half. */
    public static final Duration DEFAULT_ATTEMPT_TIMEOUT = Duration.ofMillis(1500);
    /** Default {@link Builder#downTime}. */
    public static final Duration DEFAULT_DOWN_TIME = Duration.ofSeconds(5);
    /** Default {@link Builder#downJitter}: the retry time is spread ±20%. */
    public static final double DEFAULT_DOWN_JITTER = 0.2;

    private final List<CacheNode> nodes;
    private final Duration deadline;
    private final Duration attemptTimeout;
    private final Duration downTime;
    private final double downJitter;
    private final int pointsPerWeight;
    private final ChannelOptions channelOptions;
    private final MeterRegistry meterRegistry;
    private final LongSupplier ticker;
    private final DoubleSupplier random;

    private SearchClientConfig(Builder b) {
        this.nodes = List.copyOf(b.nodes);
        this.deadline = b.deadline;
        this.attemptTimeout = b.attemptTimeout;
        this.downTime = b.downTime;
        this.downJitter = b.downJitter;
        this.pointsPerWeight = b.pointsPerWeight;
        this.channelOptions = b.channelOptions;
        this.meterRegistry = b.meterRegistry;
        this.ticker = b.ticker;
        this.random = b.random;
    }

    /** A builder with the defaults and no nodes. */
    public static Builder builder() {
        return new Builder();
    }

    /** The cache nodes at start (membership may change later, see {@link SearchClient#addNode}). */
    public List<CacheNode> nodes() {
        return nodes;
    }

    public Duration deadline() {
        return deadline;
    }

    public Duration attemptTimeout() {
        return attemptTimeout;
    }

    public Duration downTime() {
        return downTime;
    }

    public double downJitter() {
        return downJitter;
    }

    public int pointsPerWeight() {
        return pointsPerWeight;
    }

    public ChannelOptions channelOptions() {
        return channelOptions;
    }

    /** The registry the meters go to, or null for none. */
    public MeterRegistry meterRegistry() {
        return meterRegistry;
    }

    /** Nanosecond clock for down times ({@link System#nanoTime} unless a test set one). */
    public LongSupplier ticker() {
        return ticker;
    }

    /** Uniform [0, 1) source for the down-time jitter. */
    public DoubleSupplier random() {
        return random;
    }

    /** Collects and validates the settings. Not thread-safe; {@link #build} copies. */
    public static final class Builder {
        private final List<CacheNode> nodes = new ArrayList<>();
        private Duration deadline = DEFAULT_DEADLINE;
        private Duration attemptTimeout = DEFAULT_ATTEMPT_TIMEOUT;
        private Duration downTime = DEFAULT_DOWN_TIME;
        private double downJitter = DEFAULT_DOWN_JITTER;
        private int pointsPerWeight = HashRing.DEFAULT_POINTS_PER_WEIGHT;
        private ChannelOptions channelOptions = ChannelOptions.DEFAULTS;
        private MeterRegistry meterRegistry;
        private LongSupplier ticker = System::nanoTime;
        private DoubleSupplier random = () -> ThreadLocalRandom.current().nextDouble();

        private Builder() {
        }

        /** Adds a cache node (at least one is required; ids must be unique). */
        public Builder node(CacheNode node) {
            nodes.add(Objects.requireNonNull(node, "node"));
            return this;
        }

        /** Adds cache nodes. */
        public Builder nodes(Iterable<CacheNode> more) {
            more.forEach(this::node);
            return this;
        }

        /**
         * Time for one call, failover included (default {@link #DEFAULT_DEADLINE}): the call
         * fails with DEADLINE_EXCEEDED when it passes.
         */
        public Builder deadline(Duration d) {
            this.deadline = positive(d, "deadline");
            return this;
        }

        /**
         * Longest wait for one node (default {@link #DEFAULT_ATTEMPT_TIMEOUT}, capped by the
         * deadline): past it the node is taken as hung, marked down and the secondary asked.
         * Set it above the slowest legitimate miss, or slow misses will mark healthy nodes down.
         */
        public Builder attemptTimeout(Duration d) {
            this.attemptTimeout = positive(d, "attempt timeout");
            return this;
        }

        /**
         * How long a node that failed stays marked down (skipped by routing) before the client
         * reconnects to it; it is routed to again once connected (default
         * {@link #DEFAULT_DOWN_TIME}). A failed reconnection waits another down time.
         */
        public Builder downTime(Duration d) {
            this.downTime = positive(d, "down time");
            return this;
        }

        /**
         * Spread of the down time, a fraction in [0, 1) (default {@link #DEFAULT_DOWN_JITTER}):
         * each marking lasts downTime × (1 ± jitter), so the front ends that all saw a node fail
         * at once do not all come back to it in the same instant.
         */
        public Builder downJitter(double jitter) {
            if (!(jitter >= 0 && jitter < 1)) {
                throw new IllegalArgumentException("down jitter must be in [0, 1), got " + jitter);
            }
            this.downJitter = jitter;
            return this;
        }

        /**
         * Ring points per unit of weight (default {@link HashRing#DEFAULT_POINTS_PER_WEIGHT});
         * must match the cache nodes' setting so clients and nodes agree on the owners.
         */
        public Builder pointsPerWeight(int points) {
            if (points < 1) {
                throw new IllegalArgumentException("points per weight must be at least 1, got " + points);
            }
            this.pointsPerWeight = points;
            return this;
        }

        /** Channel settings (default {@link ChannelOptions#DEFAULTS}). */
        public Builder channelOptions(ChannelOptions options) {
            this.channelOptions = Objects.requireNonNull(options, "channel options");
            return this;
        }

        /** Where the meters of {@link SearchClientMetrics} go (default: none are exported). */
        public Builder meterRegistry(MeterRegistry registry) {
            this.meterRegistry = Objects.requireNonNull(registry, "meter registry");
            return this;
        }

        /** The nanosecond clock down times are measured on (default {@link System#nanoTime}; tests set their own). */
        public Builder ticker(LongSupplier nanoTicker) {
            this.ticker = Objects.requireNonNull(nanoTicker, "ticker");
            return this;
        }

        /** The uniform [0, 1) source of the jitter (default {@link ThreadLocalRandom}; tests fix it). */
        public Builder random(DoubleSupplier uniform) {
            this.random = Objects.requireNonNull(uniform, "random");
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException without nodes, with two nodes of one id, or with an
         *     attempt timeout over the deadline
         */
        public SearchClientConfig build() {
            if (nodes.isEmpty()) {
                throw new IllegalArgumentException("a search client needs at least one cache node");
            }
            Set<String> ids = new HashSet<>();
            for (CacheNode n : nodes) {
                if (!ids.add(n.id())) {
                    throw new IllegalArgumentException("two cache nodes have the id " + n.id());
                }
            }
            if (attemptTimeout.compareTo(deadline) > 0) {
                throw new IllegalArgumentException("attempt timeout " + attemptTimeout + " is over the deadline "
                        + deadline + "; it must be at most the deadline");
            }
            return new SearchClientConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
