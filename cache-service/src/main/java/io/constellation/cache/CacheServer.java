package io.constellation.cache;

import io.constellation.cache.internal.CacheMetrics;
import io.constellation.cache.internal.DiskSweeper;
import io.constellation.cache.internal.SearchFlow;
import io.constellation.cache.internal.SearchGrpcService;
import io.constellation.cache.search.CatalogRows;
import io.constellation.cache.search.HistoryTable;
import io.constellation.cache.search.CurrentAvailability;
import io.constellation.cache.search.IndexFanout;
import io.constellation.cache.search.SearchPipeline;
import io.constellation.cache.search.SearchStageMetrics;
import io.constellation.cache.store.DiskStore;
import io.constellation.cache.store.MemoryTier;
import io.constellation.cache.store.TieredCache;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.concurrent.Executors2;
import io.constellation.common.ops.GrpcEndpoint;
import io.constellation.common.ops.OpsHttpServer;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.common.search.QueryKey;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache node as a server: the gRPC {@code SearchService} (plus health and reflection)
 * and {@code /metrics}, {@code /healthz} over HTTP, in front of the index shards, the
 * catalog and the gateways named in its {@link CacheServerConfig}.
 *
 * <p>{@link #start()} binds both ports and turns health SERVING (a node answers any query
 * at once: a cold cache only means misses); it also counts the cache directory's files in
 * the background for the disk gauges. {@link #close()} stops taking searches, lets running
 * ones finish (up to 5 s, then cancels them), then closes the channels and executors. The
 * catalog belongs to the caller, who closes it after the server.
 */
public final class CacheServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CacheServer.class);

    /** Largest request accepted: a 1 KiB query with room for its framing. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private final CacheServerConfig config;
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("cache");
    private final ExecutorService catalogExecutor;
    private final ExecutorService ioExecutor;
    private final DiskStore disk;
    private final DiskSweeper sweeper;
    private final HistoryTable history;
    private final CacheMetrics metrics;
    private final SearchStageMetrics stageMetrics;
    private final IndexFanout index;
    private final CurrentAvailability availability;
    private final SearchFlow flow;
    private final GrpcEndpoint grpc;
    private final OpsHttpServer ops;
    private volatile boolean serving;
    private final AtomicBoolean closed = new AtomicBoolean();

    public CacheServer(CacheServerConfig config, Catalog catalog) {
        this.config = config;
        this.catalogExecutor = Executors.newFixedThreadPool(config.catalogThreads(), named("cache-catalog"));
        this.ioExecutor = Executors.newFixedThreadPool(config.ioThreads(), named("cache-io"));
        MemoryTier memory = new MemoryTier(config.memoryBytes());
        this.disk = new DiskStore(config.cacheDir());
        this.metrics = new CacheMetrics(registry, memory);
        this.sweeper = new DiskSweeper(disk, config.diskBytes(), config.diskSweepInterval(), metrics);
        this.stageMetrics = new SearchStageMetrics(registry);
        this.index = new IndexFanout(config.indexShards(), config.indexAttemptTimeout(), stageMetrics);
        this.availability = new CurrentAvailability(config.gateways(), config.gatewayAttemptTimeout(),
                config.gatewayFirstAsk(), CurrentAvailability.GATEWAY_MAX_IDS, stageMetrics);
        TrackStore tracks = new TrackStore(catalog);
        this.history = new HistoryTable(tracks, config.historyRefresh(), HistoryTable.DEFAULT_PAGE_ROWS);
        CatalogRows rows = new CatalogRows(tracks, history, catalogExecutor, CatalogRows.DEFAULT_SLICE_IDS,
                config.maxResults(), stageMetrics);
        SearchPipeline pipeline = new SearchPipeline(index, rows, availability);
        this.flow = new SearchFlow(new TieredCache(memory, disk, config.freshness()), pipeline, ioExecutor, metrics,
                Clock.systemUTC(), config.gatewayBudget(), config.searchDeadline(), config.maxPrefetchMisses());
        SearchGrpcService service = new SearchGrpcService(flow, metrics, config.nodeId(), config.searchDeadline());
        // Handlers never block (memory look-ups inline, file I/O on the io pool, the rest
        // asynchronous gRPC and catalog-pool work): run them on the transport threads and
        // save two thread hand-offs on every cached search.
        this.grpc = new GrpcEndpoint(config.host(), config.grpcPort(), List.of(service), registry, MAX_REQUEST_BYTES)
                .directExecutor();
        this.ops = new OpsHttpServer(config.host(), config.metricsPort(), registry, this::isServing);
    }

    /** Binds the ports and serves; the disk gauges fill in once the background scan is done. */
    public CacheServer start() {
        grpc.start();
        ops.start();
        ioExecutor.execute(this::scanDisk);
        sweeper.start();
        history.start();
        grpc.setServing(true);
        serving = true;
        log.info("cache node {} serving on grpc {}:{}: {} index shard(s), gateways {}, cache {}", config.nodeId(),
                config.host(), grpc.port(), config.indexShards().count(), config.gateways(), config.cacheDir());
        return this;
    }

    private void scanDisk() {
        try {
            DiskStore.Usage usage = disk.scan();
            metrics.diskScanned(usage.files(), usage.bytes());
            log.info("cache node {}: {} result files, {} bytes on disk ({} leftover temporary files removed)",
                    config.nodeId(), usage.files(), usage.bytes(), usage.tempsDeleted());
        } catch (IOException | RuntimeException e) {
            log.warn("cache node {}: cannot scan {}: {}", config.nodeId(), config.cacheDir(), e.toString());
        }
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return grpc.port();
    }

    /** The bound port of {@code /metrics} and {@code /healthz}. */
    public int metricsPort() {
        return ops.port();
    }

    /**
     * Whether the in-memory historical availability has been loaded (before that, long match
     * lists are ranked from the catalog: slower, same result).
     */
    public boolean historyLoaded() {
        return history.loaded();
    }

    /** Whether searches are answered. */
    public boolean isServing() {
        return serving;
    }

    public CacheServerConfig config() {
        return config;
    }

    /** This node's meters (for tests and the in-process demo). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** This node's own counters, read back (for tests and the demo). */
    public CacheMetrics metrics() {
        return metrics;
    }

    /** The stages' counters, read back (for tests and the demo). */
    public SearchStageMetrics stageMetrics() {
        return stageMetrics;
    }

    /** Where the result file of {@code key} lives (for tests and operators). */
    public Path resultFile(QueryKey key) {
        return disk.pathOf(key);
    }

    /** Stops as described on the class; later calls do nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long start = System.nanoTime();
        serving = false;
        grpc.close();
        index.close();
        availability.close();
        shutdown(ioExecutor);
        shutdown(catalogExecutor);
        try {
            sweeper.close();
            history.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ops.close();
        registry.close();
        log.info("cache node {} stopped in {} ms", config.nodeId(), (System.nanoTime() - start) / 1_000_000);
    }

    /** Lets queued file and catalog work finish for a few seconds, then interrupts it. */
    private static void shutdown(ExecutorService executor) {
        Executors2.shutdownGracefully(executor, Duration.ofSeconds(5));
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
