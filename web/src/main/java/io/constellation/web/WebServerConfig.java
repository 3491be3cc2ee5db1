package io.constellation.web;

import io.constellation.cache.client.CacheNode;
import io.constellation.cache.client.SearchClient;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link WebServer} listens and which cache nodes it searches. Immutable; built and
 * validated by {@link Builder}, whose Javadoc gives each default.
 */
public final class WebServerConfig {

    /** Default {@link Builder#pageSize}. */
    public static final int DEFAULT_PAGE_SIZE = 20;
    /** Default {@link Builder#httpThreads}: a search blocks its thread for a round trip to a cache node. */
    public static final int DEFAULT_HTTP_THREADS = 8;
    /** Default {@link Builder#queueCapacity}. */
    public static final int DEFAULT_QUEUE_CAPACITY = 256;
    /**
     * Default {@link Builder#searchDeadline}: a cache node's own default search deadline, so a
     * first miss on a cold, busy node (half of it, before failover) is not cut short.
     */
    public static final Duration DEFAULT_SEARCH_DEADLINE = Duration.ofSeconds(5);

    private final List<CacheNode> cacheNodes;
    private final String host;
    private final int port;
    private final int metricsPort;
    private final int pageSize;
    private final int httpThreads;
    private final int queueCapacity;
    private final Duration searchDeadline;

    private WebServerConfig(Builder b) {
        this.cacheNodes = List.copyOf(b.cacheNodes);
        this.host = b.host;
        this.port = b.port;
        this.metricsPort = b.metricsPort;
        this.pageSize = b.pageSize;
        this.httpThreads = b.httpThreads;
        this.queueCapacity = b.queueCapacity;
        this.searchDeadline = b.searchDeadline;
    }

    /** A builder with the defaults, searching {@code cacheNodes} (at least one). */
    public static Builder builder(List<CacheNode> cacheNodes) {
        return new Builder(cacheNodes);
    }

    public List<CacheNode> cacheNodes() {
        return cacheNodes;
    }

    public String host() {
        return host;
    }

    /** The page's HTTP port as configured; 0 picks one (see {@link WebServer#port()}). */
    public int port() {
        return port;
    }

    /** The {@code /metrics} and {@code /healthz} port as configured; 0 picks one. */
    public int metricsPort() {
        return metricsPort;
    }

    public int pageSize() {
        return pageSize;
    }

    public int httpThreads() {
        return httpThreads;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Duration searchDeadline() {
        return searchDeadline;
    }

    /** Collects and validates the settings. Not thread-safe; {@link #build} copies. */
    public static final class Builder {
        private final List<CacheNode> cacheNodes;
        private String host = "127.0.0.1";
        private int port;
        private int metricsPort;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int httpThreads = DEFAULT_HTTP_THREADS;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private Duration searchDeadline = DEFAULT_SEARCH_DEADLINE;

        private Builder(List<CacheNode> cacheNodes) {
            this.cacheNodes = List.copyOf(Objects.requireNonNull(cacheNodes, "cache nodes"));
        }

        /** Address to listen on (default 127.0.0.1; "0.0.0.0" for every interface). */
        public Builder host(String h) {
            Objects.requireNonNull(h, "host");
            if (h.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = h;
            return this;
        }

        /** The page's HTTP port (default 0: pick a free one). */
        public Builder port(int p) {
            this.port = port(p, "port");
            return this;
        }

        /** The {@code /metrics} and {@code /healthz} port (default 0: pick a free one). */
        public Builder metricsPort(int p) {
            this.metricsPort = port(p, "metrics port");
            return this;
        }

        /** Results per page, 1 to {@link SearchClient#MAX_LIMIT} (default {@value #DEFAULT_PAGE_SIZE}). */
        public Builder pageSize(int n) {
            if (n < 1 || n > SearchClient.MAX_LIMIT) {
                throw new IllegalArgumentException("page size must be in 1.." + SearchClient.MAX_LIMIT + ", got " + n);
            }
            this.pageSize = n;
            return this;
        }

        /** Threads answering HTTP requests, 1 to 256 (default {@value #DEFAULT_HTTP_THREADS}). */
        public Builder httpThreads(int n) {
            if (n < 1 || n > 256) {
                throw new IllegalArgumentException("http threads must be in 1..256, got " + n);
            }
            this.httpThreads = n;
            return this;
        }

        /**
         * Requests waiting for a thread, 1 to 65536 (default {@value #DEFAULT_QUEUE_CAPACITY}); past it
         * a new connection is closed at once rather than left to wait (counted in
         * {@code constellation_web_rejected}).
         */
        public Builder queueCapacity(int n) {
            if (n < 1 || n > 65_536) {
                throw new IllegalArgumentException("queue capacity must be in 1..65536, got " + n);
            }
            this.queueCapacity = n;
            return this;
        }

        /**
         * Longest a search or prefetch may take, failover to a secondary node included (default
         * {@link #DEFAULT_SEARCH_DEADLINE}); past it the page shows a time-out. With two nodes or
         * more, each gets half of it before the client tries the query's secondary.
         */
        public Builder searchDeadline(Duration d) {
            Objects.requireNonNull(d, "search deadline");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("search deadline must be positive, got " + d);
            }
            this.searchDeadline = d;
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException without cache nodes
         */
        public WebServerConfig build() {
            if (cacheNodes.isEmpty()) {
                throw new IllegalArgumentException("the web front end needs at least one cache node");
            }
            return new WebServerConfig(this);
        }

        private static int port(int p, String what) {
            if (p < 0 || p > 65_535) {
                throw new IllegalArgumentException(what + " must be in 0..65535, got " + p);
            }
            return p;
        }
    }
}
