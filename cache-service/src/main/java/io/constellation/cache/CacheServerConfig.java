package io.constellation.cache;

import io.constellation.cache.search.CatalogRows;
import io.constellation.cache.search.IndexShards;
import io.constellation.cache.store.FreshnessPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link CacheServer} needs besides its catalog: immutable, validated by
 * {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class CacheServerConfig {

    /** Largest page a search may ask for (search.proto). */
    public static final int MAX_LIMIT = 200;

    private final String nodeId;
    private final String host;
    private final int grpcPort;
    private final int metricsPort;
    private final Path cacheDir;
    private final long memoryBytes;
    private final FreshnessPolicy freshness;
    private final IndexShards indexShards;
    private final List<String> gateways;
    private final Duration searchDeadline;
    private final Duration indexAttemptTimeout;
    private final Duration gatewayBudget;
    private final Duration gatewayAttemptTimeout;
    private final int gatewayFirstAsk;
    private final int catalogThreads;
    private final int ioThreads;
    private final int maxPrefetchMisses;
    private final int maxResults;
    private final long diskBytes;
    private final Duration diskSweepInterval;
    private final Duration historyRefresh;

    private CacheServerConfig(Builder b) {
        this.nodeId = b.nodeId;
        this.host = b.host;
        this.grpcPort = b.grpcPort;
        this.metricsPort = b.metricsPort;
        this.cacheDir = b.cacheDir;
        this.memoryBytes = b.memoryBytes;
        this.freshness = new FreshnessPolicy(b.maxAge, b.maxAgeOnNewerIndex);
        this.indexShards = b.indexShards;
        this.gateways = List.copyOf(b.gateways);
        this.searchDeadline = b.searchDeadline;
        this.indexAttemptTimeout = b.indexAttemptTimeout;
        this.gatewayBudget = b.gatewayBudget;
        this.gatewayAttemptTimeout = b.gatewayAttemptTimeout;
        this.gatewayFirstAsk = b.gatewayFirstAsk;
        this.catalogThreads = b.catalogThreads;
        this.ioThreads = b.ioThreads;
        this.maxPrefetchMisses = b.maxPrefetchMisses;
        this.maxResults = b.maxResults;
        this.diskBytes = b.diskBytes;
        this.diskSweepInterval = b.diskSweepInterval;
        this.historyRefresh = b.historyRefresh;
    }

    /**
     * A builder for the node {@code nodeId} (its name on the ring) keeping result files under
     * {@code cacheDir}, asking {@code indexShards} on misses and {@code gateways} ("host:port",
     * at least one) on every access.
     */
    public static Builder builder(String nodeId, Path cacheDir, IndexShards indexShards, List<String> gateways) {
        return new Builder(nodeId, cacheDir, indexShards, gateways);
    }

    public String nodeId() { return nodeId; }
    public String host() { return host; }
    public int grpcPort() { return grpcPort; }
    public int metricsPort() { return metricsPort; }
    public Path cacheDir() { return cacheDir; }
    public long memoryBytes() { return memoryBytes; }
    public FreshnessPolicy freshness() { return freshness; }
    public IndexShards indexShards() { return indexShards; }
    public List<String> gateways() { return gateways; }
    public Duration searchDeadline() { return searchDeadline; }
    public Duration indexAttemptTimeout() { return indexAttemptTimeout; }
    public Duration gatewayBudget() { return gatewayBudget; }
    public Duration gatewayAttemptTimeout() { return gatewayAttemptTimeout; }
    public int gatewayFirstAsk() { return gatewayFirstAsk; }
    public int catalogThreads() { return catalogThreads; }
    public int ioThreads() { return ioThreads; }
    public int maxPrefetchMisses() { return maxPrefetchMisses; }
    public int maxResults() { return maxResults; }
    public long diskBytes() { return diskBytes; }
    public Duration diskSweepInterval() { return diskSweepInterval; }
    public Duration historyRefresh() { return historyRefresh; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private final String nodeId;
        private final Path cacheDir;
        private final IndexShards indexShards;
        private final List<String> gateways;
        private String host = "127.0.0.1";
        private int grpcPort = 0;
        private int metricsPort = 0;
        private long memoryBytes = 256L << 20;
        private Duration maxAge = Duration.ofHours(1);
        private Duration maxAgeOnNewerIndex = Duration.ofMinutes(5);
        private Duration searchDeadline = Duration.ofSeconds(5);
        private Duration indexAttemptTimeout = Duration.ofSeconds(2);
        private Duration gatewayBudget = Duration.ofMillis(500);
        private Duration gatewayAttemptTimeout = Duration.ofMillis(200);
        private int gatewayFirstAsk = 1000;
        private int catalogThreads = 8;
        private int ioThreads = 4;
        private int maxPrefetchMisses = 16;
        private int maxResults = CatalogRows.DEFAULT_MAX_ROWS;
        private long diskBytes = 10L << 30;
        private Duration diskSweepInterval = Duration.ofSeconds(30);
        private Duration historyRefresh = Duration.ofMinutes(5);

        private Builder(String nodeId, Path cacheDir, IndexShards indexShards, List<String> gateways) {
            this.nodeId = nodeId;
            this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
            this.indexShards = Objects.requireNonNull(indexShards, "indexShards");
            this.gateways = List.copyOf(gateways);
        }

        /** Address both ports bind to; default 127.0.0.1. */
        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        /** gRPC port; default 0 (pick a free one). */
        public Builder grpcPort(int port) { this.grpcPort = port; return this; }
        /** HTTP port of /metrics and /healthz; default 0 (pick a free one). */
        public Builder metricsPort(int port) { this.metricsPort = port; return this; }
        /** Bytes of result sets the memory tier holds; default 256 MiB. */
        public Builder memoryBytes(long bytes) { this.memoryBytes = bytes; return this; }
        /** Longest a result set is served at all; default 1 h. */
        public Builder maxAge(Duration d) { this.maxAge = d; return this; }
        /**
         * Longest a result set is served once the index has moved past the generation it was
         * computed from (new, changed or deleted tracks); default 5 min, at most {@link #maxAge}.
         */
        public Builder maxAgeOnNewerIndex(Duration d) { this.maxAgeOnNewerIndex = d; return this; }
        /**
         * Longest a search may take here when the caller sets no shorter deadline, and longest
         * a miss's computation may take whatever the caller's deadline (so a result set a
         * hurried caller gave up on is still stored for the retry); default 5 s.
         */
        public Builder searchDeadline(Duration d) { this.searchDeadline = d; return this; }
        /** Longest wait for one index replica before the next is tried; default 2 s. */
        public Builder indexAttemptTimeout(Duration d) { this.indexAttemptTimeout = d; return this; }
        /**
         * Longest the current-availability look-up of one access may take before the page is
         * served in historical order instead; default 500 ms.
         */
        public Builder gatewayBudget(Duration d) { this.gatewayBudget = d; return this; }
        /** Longest wait for one gateway before another is tried; default 200 ms. */
        public Builder gatewayAttemptTimeout(Duration d) { this.gatewayAttemptTimeout = d; return this; }
        /** Smallest prefix of a result set whose current availability is asked; default 1,000. */
        public Builder gatewayFirstAsk(int n) { this.gatewayFirstAsk = n; return this; }
        /** Threads reading the catalog on misses (about the catalog pool's size); default 8. */
        public Builder catalogThreads(int n) { this.catalogThreads = n; return this; }
        /** Threads reading and writing result files; default 4. */
        public Builder ioThreads(int n) { this.ioThreads = n; return this; }
        /**
         * Misses being computed above which a prefetch that would start another is declined
         * (searches are never declined); default 16.
         */
        public Builder maxPrefetchMisses(int n) { this.maxPrefetchMisses = n; return this; }

        /**
         * Most results one result set keeps (the historically best; see
         * {@link CatalogRows}); default {@link CatalogRows#DEFAULT_MAX_ROWS}.
         */
        public Builder maxResults(int n) { this.maxResults = n; return this; }
        /**
         * Bytes of result files the disk tier keeps: above it, the sweep deletes the least
         * recently used files down to 90% of it; default 10 GiB.
         */
        public Builder diskBytes(long bytes) { this.diskBytes = bytes; return this; }
        /** How often the disk sweep checks the budget; default 30 s. */
        public Builder diskSweepInterval(Duration d) { this.diskSweepInterval = d; return this; }

        /**
         * How often the in-memory historical availability (what long match lists are
         * ranked by; see {@link io.constellation.cache.search.HistoryTable}) is reloaded
         * from the catalog; default 5 min.
         */
        public Builder historyRefresh(Duration d) { this.historyRefresh = d; return this; }

        /** Checks every value and builds. */
        public CacheServerConfig build() {
            require(nodeId != null && !nodeId.isBlank(), "node id must not be blank");
            require(!gateways.isEmpty(), "at least one gateway address is needed");
            for (String g : gateways) {
                require(!g.isBlank() && g.indexOf(':') > 0, "not a host:port gateway address: '" + g + "'");
            }
            require(grpcPort >= 0 && grpcPort <= 65535, "gRPC port out of range: " + grpcPort);
            require(metricsPort >= 0 && metricsPort <= 65535, "metrics port out of range: " + metricsPort);
            require(memoryBytes > 0, "memory tier bytes must be positive, got " + memoryBytes);
            require(positive(searchDeadline), "search deadline must be positive");
            require(positive(indexAttemptTimeout), "index attempt timeout must be positive");
            require(positive(gatewayBudget), "gateway budget must be positive");
            require(positive(gatewayAttemptTimeout), "gateway attempt timeout must be positive");
            require(gatewayFirstAsk > 0, "gateway first ask must be positive, got " + gatewayFirstAsk);
            require(catalogThreads > 0, "catalog threads must be positive, got " + catalogThreads);
            require(ioThreads > 0, "io threads must be positive, got " + ioThreads);
            require(maxPrefetchMisses >= 0, "max prefetch misses must be >= 0, got " + maxPrefetchMisses);
            require(maxResults > 0, "max results must be positive, got " + maxResults);
            require(diskBytes > 0, "disk tier bytes must be positive, got " + diskBytes);
            require(positive(diskSweepInterval), "disk sweep interval must be positive");
            require(positive(historyRefresh), "history refresh interval must be positive");
            require(maxAge != null && maxAgeOnNewerIndex != null, "freshness durations must be set");
            return new CacheServerConfig(this);
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
