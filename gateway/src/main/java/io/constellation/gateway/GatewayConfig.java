package io.constellation.gateway;

import io.constellation.common.retry.Backoff;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything a {@link GatewayServer} needs besides its catalog: immutable, validated by
 * {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class GatewayConfig {

    private final String host;
    private final int grpcPort;
    private final int metricsPort;
    private final Duration gracePeriod;
    private final Duration startupWait;
    private final int expectedServers;
    private final boolean historicalJobScheduled;
    private final LocalTime historicalJobTime;
    private final int historicalBatch;
    private final Duration historicalLease;
    private final Backoff historicalRetry;
    private final String instanceName;

    private GatewayConfig(Builder b) {
        this.host = b.host;
        this.grpcPort = b.grpcPort;
        this.metricsPort = b.metricsPort;
        this.gracePeriod = b.gracePeriod;
        this.startupWait = b.startupWait;
        this.expectedServers = b.expectedServers;
        this.historicalJobScheduled = b.historicalJobScheduled;
        this.historicalJobTime = b.historicalJobTime;
        this.historicalBatch = b.historicalBatch;
        this.historicalLease = b.historicalLease;
        this.historicalRetry = b.historicalRetry;
        this.instanceName = b.instanceName;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    public int grpcPort() { return grpcPort; }
    public int metricsPort() { return metricsPort; }
    public Duration gracePeriod() { return gracePeriod; }
    public Duration startupWait() { return startupWait; }
    public int expectedServers() { return expectedServers; }
    public boolean historicalJobScheduled() { return historicalJobScheduled; }
    public LocalTime historicalJobTime() { return historicalJobTime; }
    public int historicalBatch() { return historicalBatch; }
    public Duration historicalLease() { return historicalLease; }
    public Backoff historicalRetry() { return historicalRetry; }
    public String instanceName() { return instanceName; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int grpcPort = 0;
        private int metricsPort = 0;
        private Duration gracePeriod = Duration.ofSeconds(5);
        private Duration startupWait = Duration.ofSeconds(5);
        private int expectedServers = 0;
        private boolean historicalJobScheduled = true;
        private LocalTime historicalJobTime = LocalTime.of(4, 0);
        private int historicalBatch = 10_000;
        private Duration historicalLease = Duration.ofMinutes(1);
        private Backoff historicalRetry = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));
        private String instanceName = "gateway-" + UUID.randomUUID().toString().substring(0, 8);

        private Builder() {
        }

        /** Address both ports bind to; default 127.0.0.1. */
        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        /** gRPC port of AvailabilityService and AvailabilityFeed; default 0 (pick a free one). */
        public Builder grpcPort(int port) { this.grpcPort = port; return this; }
        /** HTTP port of /metrics and /healthz; default 0 (pick a free one). */
        public Builder metricsPort(int port) { this.metricsPort = port; return this; }
        /**
         * How long a satellite server's counts stay after its stream breaks, waiting for it to
         * reconnect and send a snapshot; default 5 s. Longer hides short network blips; shorter
         * withdraws a dead server's phantom availability sooner.
         */
        public Builder gracePeriod(Duration d) { this.gracePeriod = d; return this; }
        /**
         * How long after start look-ups answer UNAVAILABLE while satellite servers connect and
         * send their snapshots, so that readers do not take a half-filled gateway's low counts
         * for the truth; default 5 s. Zero serves at once.
         */
        public Builder startupWait(Duration d) { this.startupWait = d; return this; }
        /**
         * Satellite servers whose first complete snapshots end the start-up wait early (when the
         * deployment knows how many there are); default 0: always wait {@link #startupWait}.
         */
        public Builder expectedServers(int n) { this.expectedServers = n; return this; }
        /** Whether the historical job runs daily by itself; default true (else only on demand). */
        public Builder historicalJobScheduled(boolean on) { this.historicalJobScheduled = on; return this; }
        /** The time of day (UTC) the daily historical job becomes due; default 04:00. */
        public Builder historicalJobTime(LocalTime t) { this.historicalJobTime = Objects.requireNonNull(t); return this; }
        /** Track ids per transaction of the historical job; default 10,000. */
        public Builder historicalBatch(int n) { this.historicalBatch = n; return this; }
        /**
         * How long the historical job's lease lasts unless renewed (every batch renews it): a
         * gateway that dies mid-run is taken over this long after; default 1 min.
         */
        public Builder historicalLease(Duration d) { this.historicalLease = d; return this; }
        /** Waits between attempts while the catalog fails; default 5 s doubling to 10 min, jittered. */
        public Builder historicalRetry(Backoff b) { this.historicalRetry = Objects.requireNonNull(b); return this; }
        /**
         * This gateway's name as the historical job's lease holder: unique among gateways
         * sharing a catalog; default "gateway-" and 8 random hex digits.
         */
        public Builder instanceName(String name) { this.instanceName = Objects.requireNonNull(name); return this; }

        /** Checks every value and builds. */
        public GatewayConfig build() {
            require(grpcPort >= 0 && grpcPort <= 65535, "gRPC port out of range: " + grpcPort);
            require(metricsPort >= 0 && metricsPort <= 65535, "metrics port out of range: " + metricsPort);
            require(positive(gracePeriod), "grace period must be positive");
            require(startupWait != null && !startupWait.isNegative(), "start-up wait must be zero or positive");
            require(expectedServers >= 0, "expected servers must be zero or positive, got " + expectedServers);
            require(historicalBatch > 0, "historical batch must be positive, got " + historicalBatch);
            require(positive(historicalLease), "historical lease must be positive");
            require(!instanceName.isBlank() && instanceName.length() <= 128,
                    "instance name must have 1 to 128 characters");
            return new GatewayConfig(this);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
