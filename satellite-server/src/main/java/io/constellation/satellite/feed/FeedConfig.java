package io.constellation.satellite.feed;

import io.constellation.common.retry.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link AvailabilityPublisher} needs besides the counts: immutable, validated by
 * {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class FeedConfig {

    /** Longest server id accepted. */
    public static final int MAX_SERVER_ID_LENGTH = 128;

    private final String serverId;
    private final long incarnation;
    private final String advertisedAddress;
    private final List<String> gateways;
    private final Duration deltaInterval;
    private final int snapshotChunkTracks;
    private final int deltaChunkTracks;
    private final int maxUnackedDeltas;
    private final Duration stallTimeout;
    private final Backoff reconnectBackoff;

    private FeedConfig(Builder b) {
        this.serverId = b.serverId;
        this.incarnation = b.incarnation;
        this.advertisedAddress = b.advertisedAddress;
        this.gateways = List.copyOf(b.gateways);
        this.deltaInterval = b.deltaInterval;
        this.snapshotChunkTracks = b.snapshotChunkTracks;
        this.deltaChunkTracks = b.deltaChunkTracks;
        this.maxUnackedDeltas = b.maxUnackedDeltas;
        this.stallTimeout = b.stallTimeout;
        this.reconnectBackoff = b.reconnectBackoff;
    }

    /**
     * A builder for the server named {@code serverId} (stable across restarts, e.g.
     * "sat-3"), reachable for transfers at {@code advertisedAddress} ("host:port"),
     * reporting to {@code gateways} (each "host:port").
     */
    public static Builder builder(String serverId, String advertisedAddress, List<String> gateways) {
        return new Builder(serverId, advertisedAddress, gateways);
    }

    public String serverId() { return serverId; }
    public long incarnation() { return incarnation; }
    public String advertisedAddress() { return advertisedAddress; }
    public List<String> gateways() { return gateways; }
    public Duration deltaInterval() { return deltaInterval; }
    public int snapshotChunkTracks() { return snapshotChunkTracks; }
    public int deltaChunkTracks() { return deltaChunkTracks; }
    public int maxUnackedDeltas() { return maxUnackedDeltas; }
    public Duration stallTimeout() { return stallTimeout; }
    public Backoff reconnectBackoff() { return reconnectBackoff; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private final String serverId;
        private final String advertisedAddress;
        private final List<String> gateways;
        private long incarnation = -1;
        private Duration deltaInterval = Duration.ofMillis(250);
        private int snapshotChunkTracks = 50_000;
        private int deltaChunkTracks = 50_000;
        private int maxUnackedDeltas = 16;
        private Duration stallTimeout = Duration.ofSeconds(30);
        private Backoff reconnectBackoff = new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10));

        private Builder(String serverId, String advertisedAddress, List<String> gateways) {
            this.serverId = Objects.requireNonNull(serverId, "serverId");
            this.advertisedAddress = Objects.requireNonNull(advertisedAddress, "advertisedAddress");
            this.gateways = List.copyOf(gateways);
        }

        /**
         * Tells this process apart from earlier runs of the same server id; default the time
         * {@link #build()} runs, in epoch milliseconds (a restart is always a new incarnation).
         */
        public Builder incarnation(long n) { this.incarnation = n; return this; }
        /** How often changes are cut and sent as one delta; default 250 ms. */
        public Builder deltaInterval(Duration d) { this.deltaInterval = d; return this; }
        /** Tracks per snapshot message; default 50,000 (at most ~500 KB a message). */
        public Builder snapshotChunkTracks(int n) { this.snapshotChunkTracks = n; return this; }
        /** Tracks per delta message; default 50,000. */
        public Builder deltaChunkTracks(int n) { this.deltaChunkTracks = n; return this; }
        /**
         * Deltas sent but not yet acknowledged before the feed holds further changes back
         * (they keep coalescing meanwhile); default 16.
         */
        public Builder maxUnackedDeltas(int n) { this.maxUnackedDeltas = n; return this; }
        /**
         * How long a stream may make no progress (no message sent, no acknowledgement) while
         * it owes the gateway something before it is dropped and reopened; default 30 s.
         */
        public Builder stallTimeout(Duration d) { this.stallTimeout = d; return this; }
        /** Delays between attempts to reopen a broken stream; default 250 ms doubling to 10 s, jittered. */
        public Builder reconnectBackoff(Backoff b) { this.reconnectBackoff = Objects.requireNonNull(b); return this; }

        /** Checks every value and builds. */
        public FeedConfig build() {
            require(!serverId.isBlank() && serverId.length() <= MAX_SERVER_ID_LENGTH,
                    "server id must be 1.." + MAX_SERVER_ID_LENGTH + " characters");
            require(isHostPort(advertisedAddress), "advertised address must be host:port, got '" + advertisedAddress + "'");
            for (String g : gateways) {
                require(isHostPort(g), "gateway address must be host:port, got '" + g + "'");
            }
            require(positive(deltaInterval), "delta interval must be positive");
            require(snapshotChunkTracks >= 1 && snapshotChunkTracks <= 200_000, "snapshot chunk must be 1..200,000 tracks");
            require(deltaChunkTracks >= 1 && deltaChunkTracks <= 200_000, "delta chunk must be 1..200,000 tracks");
            require(maxUnackedDeltas >= 1, "max unacknowledged deltas must be positive");
            require(positive(stallTimeout), "stall timeout must be positive");
            if (incarnation < 0) {
                incarnation = System.currentTimeMillis();
            }
            return new FeedConfig(this);
        }

        /** "host:port" with a port in 1..65535 ("[::1]:9000" for IPv6). */
        static boolean isHostPort(String s) {
            int colon = s == null ? -1 : s.lastIndexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                return false;
            }
            try {
                int port = Integer.parseInt(s.substring(colon + 1));
                return port >= 1 && port <= 65535;
            } catch (NumberFormatException e) {
                return false;
            }
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
