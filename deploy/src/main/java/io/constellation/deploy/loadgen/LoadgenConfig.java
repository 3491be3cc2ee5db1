package io.constellation.deploy.loadgen;

import io.constellation.satellite.wire.WireLimits;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link LoadGenerator} does: immutable, validated by {@link Builder#build()}, with
 * the defaults documented on each setter.
 */
public final class LoadgenConfig {

    private final List<InetSocketAddress> servers;
    private final int satellites;
    private final int filesPerSatellite;
    private final String usersPrefix;
    private final String password;
    private final Duration duration;
    private final double rampRate;
    private final double churnRate;
    private final List<InetAddress> sourceAddresses;
    private final int eventLoops;
    private final int chunkSize;
    private final long seed;
    private final Duration loginTimeout;
    private final double maxFailedFraction;

    private LoadgenConfig(Builder b) {
        this.servers = b.servers;
        this.satellites = b.satellites;
        this.filesPerSatellite = b.filesPerSatellite;
        this.usersPrefix = b.usersPrefix;
        this.password = b.password;
        this.duration = b.duration;
        this.rampRate = b.rampRate;
        this.churnRate = b.churnRate;
        this.sourceAddresses = b.sourceAddresses;
        this.eventLoops = b.eventLoops;
        this.chunkSize = b.chunkSize;
        this.seed = b.seed;
        this.loginTimeout = b.loginTimeout;
        this.maxFailedFraction = b.maxFailedFraction;
    }

    /** A builder with every default; {@link Builder#servers} and {@link Builder#satellites} are required. */
    public static Builder builder() {
        return new Builder();
    }

    public List<InetSocketAddress> servers() { return servers; }
    public int satellites() { return satellites; }
    public int filesPerSatellite() { return filesPerSatellite; }
    public String usersPrefix() { return usersPrefix; }
    public String password() { return password; }
    public Duration duration() { return duration; }
    /** Logins started per second while ramping up. */
    public double rampRate() { return rampRate; }
    /** Logouts (each followed by a new login in the same slot) per second once ramped. */
    public double churnRate() { return churnRate; }
    /** Local addresses the satellites connect from, round robin by slot; empty: the kernel's choice. */
    public List<InetAddress> sourceAddresses() { return sourceAddresses; }
    public int eventLoops() { return eventLoops; }
    public int chunkSize() { return chunkSize; }
    public long seed() { return seed; }
    public Duration loginTimeout() { return loginTimeout; }
    public double maxFailedFraction() { return maxFailedFraction; }

    /** The user name of slot {@code slot}: the users {@code constellation users add-many} creates. */
    public String userOf(int slot) {
        return usersPrefix + slot;
    }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private List<InetSocketAddress> servers = List.of();
        private int satellites;
        private int filesPerSatellite = 300;
        private String usersPrefix = "sat";
        private String password = "loadtest";
        private Duration duration = Duration.ofSeconds(60);
        private double rampRate = 1000;
        private double churnRate;
        private List<InetAddress> sourceAddresses = List.of();
        private int eventLoops = 2;
        private int chunkSize = 500;
        private long seed = 42;
        private Duration loginTimeout = Duration.ofSeconds(30);
        private double maxFailedFraction = 0.01;

        private Builder() {
        }

        /** Satellite servers; each satellite tries them in turn, starting with the one of its slot. Required. */
        public Builder servers(List<InetSocketAddress> servers) { this.servers = List.copyOf(servers); return this; }
        /** Satellites at most at any time (slots); also the number of users needed. Required. */
        public Builder satellites(int n) { this.satellites = n; return this; }
        /** Files each satellite shares; default 300. */
        public Builder filesPerSatellite(int n) { this.filesPerSatellite = n; return this; }
        /** User names are this prefix and the slot number; default "sat". */
        public Builder usersPrefix(String prefix) { this.usersPrefix = Objects.requireNonNull(prefix); return this; }
        /** The users' shared password; default "loadtest" (as {@code users add-many}). */
        public Builder password(String password) { this.password = Objects.requireNonNull(password); return this; }
        /** How long the run lasts, ramp included; default 60 s. */
        public Builder duration(Duration d) { this.duration = Objects.requireNonNull(d); return this; }
        /** Logins started per second until every slot has a satellite; default 1,000. */
        public Builder rampRate(double perSecond) { this.rampRate = perSecond; return this; }
        /** Logouts plus re-logins per second once ramped; default 0 (none). */
        public Builder churnRate(double perSecond) { this.churnRate = perSecond; return this; }
        /** Local addresses to connect from, round robin; default none (the kernel picks). */
        public Builder sourceAddresses(List<InetAddress> addresses) { this.sourceAddresses = List.copyOf(addresses); return this; }
        /** Event loop threads all satellites share; default 2. */
        public Builder eventLoops(int n) { this.eventLoops = n; return this; }
        /** Files per ShareList chunk; default 500. */
        public Builder chunkSize(int n) { this.chunkSize = n; return this; }
        /** Seed of share lists and churn choices; default 42. */
        public Builder seed(long seed) { this.seed = seed; return this; }
        /** A login not online this long after its start counts as failed in the summary; default 30 s. */
        public Builder loginTimeout(Duration d) { this.loginTimeout = Objects.requireNonNull(d); return this; }
        /** Fraction of logins that may fail before the run counts as failed; default 0.01. */
        public Builder maxFailedFraction(double f) { this.maxFailedFraction = f; return this; }

        /** Checks every value and builds. */
        public LoadgenConfig build() {
            require(!servers.isEmpty(), "at least one server is required");
            require(satellites > 0, "satellites must be positive, got " + satellites);
            require(filesPerSatellite >= 0, "files per satellite must be >= 0, got " + filesPerSatellite);
            require(!usersPrefix.isEmpty(), "users prefix must not be empty");
            require(satellites <= 0 || WireLimits.utf8Length(usersPrefix + (satellites - 1)) <= WireLimits.MAX_NAME_BYTES,
                    "user names " + usersPrefix + "N are over " + WireLimits.MAX_NAME_BYTES + " bytes");
            require(positive(duration), "duration must be positive");
            require(rampRate > 0 && Double.isFinite(rampRate), "ramp rate must be positive, got " + rampRate);
            require(churnRate >= 0 && Double.isFinite(churnRate), "churn rate must be >= 0, got " + churnRate);
            require(eventLoops > 0, "event loops must be positive, got " + eventLoops);
            require(chunkSize > 0, "chunk size must be positive, got " + chunkSize);
            require(positive(loginTimeout), "login timeout must be positive");
            require(maxFailedFraction >= 0 && maxFailedFraction <= 1,
                    "max failed fraction must be within [0, 1], got " + maxFailedFraction);
            return new LoadgenConfig(this);
        }

        private static boolean positive(Duration d) {
            return !d.isNegative() && !d.isZero();
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
