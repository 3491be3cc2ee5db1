package io.constellation.index;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.ops.GrpcEndpoint;
import io.constellation.common.ops.OpsHttpServer;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.index.internal.CatalogFollower;
import io.constellation.index.internal.IndexMetrics;
import io.constellation.index.internal.IndexQueryService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One index shard as a server: the gRPC {@code IndexService} (plus health and reflection),
 * {@code /metrics} and {@code /healthz} over HTTP, and the catalog follower that keeps the
 * index current.
 *
 * <p>{@link #start()} binds both ports and returns at once; the index loads in the
 * background, and health turns SERVING when it has ({@link #awaitServing}).
 * {@link #close()} stops taking queries, lets running ones finish, then stops the follower.
 * The catalog belongs to the caller, who closes it after the server.
 */
public final class IndexServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IndexServer.class);

    /** Largest request accepted: 32 words of 64 bytes fit many times over. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final IndexServerConfig config;
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("index");
    private final CatalogFollower follower;
    private final GrpcEndpoint grpc;
    private final OpsHttpServer ops;
    private final CountDownLatch serving = new CountDownLatch(1);

    public IndexServer(IndexServerConfig config, Catalog catalog) {
        this.config = config;
        IndexMetrics metrics = new IndexMetrics(registry);
        this.follower = new CatalogFollower(config, catalog, metrics, ready -> markServing());
        ShardLayout layout = new ShardLayout(config.shard(), config.shardCount());
        IndexQueryService queries = new IndexQueryService(layout, follower::snapshot,
                follower::indexedThroughTrackId, config.maxResults(), metrics);
        this.grpc = new GrpcEndpoint(config.host(), config.grpcPort(), List.of(queries), registry, MAX_REQUEST_BYTES);
        this.ops = new OpsHttpServer(config.host(), config.metricsPort(), registry, this::isServing);
    }

    /** Binds the ports and starts loading the index; returns without waiting for it. */
    public IndexServer start() {
        grpc.start();
        ops.start();
        follower.start();
        return this;
    }

    /** The bound gRPC port. */
    public int grpcPort() {
        return grpc.port();
    }

    /** The bound port of {@code /metrics} and {@code /healthz}. */
    public int metricsPort() {
        return ops.port();
    }

    /** Whether the index is loaded and queries are answered. */
    public boolean isServing() {
        return serving.getCount() == 0;
    }

    /** Waits up to {@code timeout} for the index to load; true if it has. */
    public boolean awaitServing(Duration timeout) throws InterruptedException {
        return serving.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest snapshot, or null while loading (for the launcher's ready line and tests). */
    public Snapshot snapshot() {
        return follower.snapshot();
    }

    /** This server's meters (for tests and the in-process demo). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void markServing() {
        grpc.setServing(true);
        serving.countDown();
        Snapshot s = follower.snapshot();
        log.info("index shard {}/{} serving: {} tracks, generation {}", config.shard(), config.shardCount(),
                s.documentCount(), s.generation());
    }

    @Override
    public void close() {
        grpc.close();
        follower.close();
        ops.close();
        registry.close();
    }
}
