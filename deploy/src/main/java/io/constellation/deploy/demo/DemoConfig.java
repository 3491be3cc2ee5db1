package io.constellation.deploy.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link DemoCluster} runs: where its data lives, where it listens, and how many
 * simulated satellites it keeps online. Immutable, validated by {@link Builder#build()},
 * with the defaults documented on each setter.
 */
public final class DemoConfig {

    private final Path dataDir;
    private final String host;
    private final DemoPorts ports;
    private final int satellites;
    private final int filesPerSatellite;
    private final double rampRate;
    private final double churnRate;
    private final double zipf;
    private final long seed;
    private final double searchesPerSecond;
    private final Duration readyTimeout;

    private DemoConfig(Builder b) {
        this.dataDir = b.dataDir;
        this.host = b.host;
        this.ports = new DemoPorts(b.basePort);
        this.satellites = b.satellites;
        this.filesPerSatellite = b.filesPerSatellite;
        this.rampRate = b.rampRate;
        this.churnRate = b.churnRate;
        this.zipf = b.zipf;
        this.seed = b.seed;
        this.searchesPerSecond = b.searchesPerSecond;
        this.readyTimeout = b.readyTimeout;
    }

    /** A builder with every default, keeping its data in {@code dataDir}. */
    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    /** The embedded catalog, index, cache files and the seed marker live here. */
    public Path dataDir() { return dataDir; }
    public String host() { return host; }
    public DemoPorts ports() { return ports; }
    /** Simulated satellites online at most at any time (one user each). */
    public int satellites() { return satellites; }
    public int filesPerSatellite() { return filesPerSatellite; }
    /** Logins started per second while the satellites come online. */
    public double rampRate() { return rampRate; }
    /** Satellites per second that log out and log in again once all are online. */
    public double churnRate() { return churnRate; }
    /** Popularity skew of the shared tracks (see ShareLists). */
    public double zipf() { return zipf; }
    public long seed() { return seed; }
    /** Searches per second the demo sends by itself (queries from the catalog, skewed); 0 = none. */
    public double searchesPerSecond() { return searchesPerSecond; }
    /** Longest {@link DemoCluster#start()} waits for the index shards and the gateway to serve. */
    public Duration readyTimeout() { return readyTimeout; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private final Path dataDir;
        private String host = "127.0.0.1";
        private int basePort = DemoPorts.DEFAULT_BASE;
        private int satellites = 3000;
        private int filesPerSatellite = 100;
        private double rampRate = 500;
        private double churnRate = 20;
        private double zipf = 1.0;
        private long seed = 42;
        private double searchesPerSecond = 3;
        private Duration readyTimeout = Duration.ofMinutes(5);

        private Builder(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        }

        /** Address every service listens on; default 127.0.0.1. */
        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        /** First port of the layout of {@link DemoPorts}; default 7000; 0 = every port picked by the system. */
        public Builder basePort(int port) { this.basePort = port; return this; }
        /** Simulated satellites; default 3,000; 0 = none. */
        public Builder satellites(int n) { this.satellites = n; return this; }
        /** Files each satellite shares; default 100. */
        public Builder filesPerSatellite(int n) { this.filesPerSatellite = n; return this; }
        /** Logins per second while ramping up; default 500. */
        public Builder rampRate(double perSecond) { this.rampRate = perSecond; return this; }
        /** Logouts plus re-logins per second once ramped; default 20. */
        public Builder churnRate(double perSecond) { this.churnRate = perSecond; return this; }
        /** Zipf exponent of the shared tracks' popularity; default 1.0. */
        public Builder zipf(double exponent) { this.zipf = exponent; return this; }
        /** Seed of the share lists and churn; default 42. */
        public Builder seed(long seed) { this.seed = seed; return this; }
        /** Searches per second the demo sends by itself; default 3; 0 = none; at most 1,000. */
        public Builder searchesPerSecond(double perSecond) { this.searchesPerSecond = perSecond; return this; }
        /** Longest start waits for the services to serve; default 5 minutes (a first index build). */
        public Builder readyTimeout(Duration d) { this.readyTimeout = Objects.requireNonNull(d); return this; }

        /** Checks every value and builds. */
        public DemoConfig build() {
            require(basePort == 0 || (basePort >= 1024 && basePort + DemoPorts.SPAN <= 65535),
                    "base port must be 0 or within 1024.." + (65535 - DemoPorts.SPAN) + ", got " + basePort);
            require(satellites >= 0, "satellites must be >= 0, got " + satellites);
            require(filesPerSatellite >= 0, "files per satellite must be >= 0, got " + filesPerSatellite);
            require(rampRate > 0 && Double.isFinite(rampRate), "ramp rate must be positive, got " + rampRate);
            require(churnRate >= 0 && Double.isFinite(churnRate), "churn rate must be >= 0, got " + churnRate);
            require(searchesPerSecond >= 0 && searchesPerSecond <= 1000,
                    "searches per second must be within [0, 1000], got " + searchesPerSecond);
            require(zipf >= 0 && zipf <= 4, "zipf must be within [0, 4], got " + zipf);
            require(!readyTimeout.isNegative() && !readyTimeout.isZero(), "ready timeout must be positive");
            return new DemoConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
