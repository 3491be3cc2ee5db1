package io.constellation.index;

import io.constellation.common.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything an {@link IndexServer} needs besides its catalog: immutable, validated by
 * {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class IndexServerConfig {

    /** Most words a query may carry. */
    public static final int MAX_QUERY_WORDS = 32;

    private final int shard;
    private final int shardCount;
    private final String host;
    private final int grpcPort;
    private final int metricsPort;
    private final Path indexDir;
    private final Duration pollInterval;
    private final Duration mergeInterval;
    private final int mergeThreshold;
    private final int maxResults;
    private final int buildThreads;
    private final int catalogBatch;
    private final Backoff catalogBackoff;

    private IndexServerConfig(Builder b) {
        this.shard = b.shard;
        this.shardCount = b.shardCount;
        this.host = b.host;
        this.grpcPort = b.grpcPort;
        this.metricsPort = b.metricsPort;
        this.indexDir = b.indexDir;
        this.pollInterval = b.pollInterval;
        this.mergeInterval = b.mergeInterval;
        this.mergeThreshold = b.mergeThreshold;
        this.maxResults = b.maxResults;
        this.buildThreads = b.buildThreads;
        this.catalogBatch = b.catalogBatch;
        this.catalogBackoff = b.catalogBackoff;
    }

    /** A builder for shard {@code shard} of {@code shardCount}, keeping its files in {@code indexDir}. */
    public static Builder builder(int shard, int shardCount, Path indexDir) {
        return new Builder(shard, shardCount, indexDir);
    }

    public int shard() { return shard; }
    public int shardCount() { return shardCount; }
    public String host() { return host; }
    public int grpcPort() { return grpcPort; }
    public int metricsPort() { return metricsPort; }
    public Path indexDir() { return indexDir; }
    public Duration pollInterval() { return pollInterval; }
    public Duration mergeInterval() { return mergeInterval; }
    public int mergeThreshold() { return mergeThreshold; }
    public int maxResults() { return maxResults; }
    public int buildThreads() { return buildThreads; }
    public int catalogBatch() { return catalogBatch; }
    public Backoff catalogBackoff() { return catalogBackoff; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private final int shard;
        private final int shardCount;
        private final Path indexDir;
        private String host = "127.0.0.1";
        private int grpcPort = 0;
        private int metricsPort = 0;
        private Duration pollInterval = Duration.ofSeconds(1);
        private Duration mergeInterval = Duration.ofMinutes(5);
        private int mergeThreshold = 200_000;
        private int maxResults = 1_000_000;
        private int buildThreads = Runtime.getRuntime().availableProcessors();
        private int catalogBatch = 10_000;
        private Backoff catalogBackoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

        private Builder(int shard, int shardCount, Path indexDir) {
            this.shard = shard;
            this.shardCount = shardCount;
            this.indexDir = Objects.requireNonNull(indexDir, "indexDir");
        }

        /** Address both ports bind to; default 127.0.0.1. */
        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        /** gRPC port; default 0 (pick a free one). */
        public Builder grpcPort(int port) { this.grpcPort = port; return this; }
        /** HTTP port of /metrics and /healthz; default 0 (pick a free one). */
        public Builder metricsPort(int port) { this.metricsPort = port; return this; }
        /** How often the catalog is asked for new tracks and index updates; default 1 s. */
        public Builder pollInterval(Duration d) { this.pollInterval = d; return this; }
        /** Longest time new entries stay in the in-memory lists before a merge; default 5 min. */
        public Builder mergeInterval(Duration d) { this.mergeInterval = d; return this; }
        /** Pending changed documents (new, re-indexed, deleted) that trigger a merge early; default 200,000. */
        public Builder mergeThreshold(int postings) { this.mergeThreshold = postings; return this; }
        /** Most ids one answer carries (what {@code limit = 0} means); default 1,000,000. */
        public Builder maxResults(int n) { this.maxResults = n; return this; }
        /** Threads of a full rebuild; default: one per core. */
        public Builder buildThreads(int n) { this.buildThreads = n; return this; }
        /** Rows read from the catalog per query; default 10,000. */
        public Builder catalogBatch(int n) { this.catalogBatch = n; return this; }
        /** Delays between attempts to reach the catalog; default 0.5 s doubling to 30 s, jittered. */
        public Builder catalogBackoff(Backoff b) { this.catalogBackoff = Objects.requireNonNull(b); return this; }

        /** Checks every value and builds. */
        public IndexServerConfig build() {
            require(shardCount >= 1, "shard count must be at least 1, got " + shardCount);
            require(shard >= 0 && shard < shardCount, "shard must be in [0, " + shardCount + "), got " + shard);
            require(grpcPort >= 0 && grpcPort <= 65535, "gRPC port out of range: " + grpcPort);
            require(metricsPort >= 0 && metricsPort <= 65535, "metrics port out of range: " + metricsPort);
            require(positive(pollInterval), "poll interval must be positive");
            require(positive(mergeInterval), "merge interval must be positive");
            require(mergeThreshold > 0, "merge threshold must be positive");
            require(maxResults > 0, "max results must be positive");
            require(buildThreads > 0, "build threads must be positive");
            require(catalogBatch > 0, "catalog batch must be positive");
            return new IndexServerConfig(this);
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
