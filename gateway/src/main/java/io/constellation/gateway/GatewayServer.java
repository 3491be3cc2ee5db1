package io.constellation.gateway;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.ops.GrpcEndpoint;
import io.constellation.common.ops.OpsHttpServer;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.gateway.availability.internal.Availability;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.gateway.history.internal.HistoricalJob;
import io.constellation.gateway.history.internal.HistoricalScheduler;
import io.constellation.gateway.internal.GatewayMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway: takes every satellite server's availability feed
 * ({@code constellation.availability.v1.AvailabilityFeed}), answers
 * {@code AvailabilityService} look-ups from memory on the same gRPC port (plus health and
 * reflection), serves {@code /metrics} and {@code /healthz} over HTTP, and runs the daily
 * historical availability job.
 *
 * <p>{@link #start()} binds both ports and returns at once. Look-ups (and health) turn
 * SERVING after {@link GatewayConfig#startupWait()}, or earlier once
 * {@link GatewayConfig#expectedServers()} servers have sent their snapshots
 * ({@link #awaitServing}); feed streams are accepted from the start. {@link #close()} ends
 * the feed streams with UNAVAILABLE (the servers reconnect elsewhere or after a restart),
 * lets running look-ups finish, and stops the job. The catalog (migrated, V2 included)
 * belongs to the caller, who closes it after the server.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    /**
     * Largest request accepted: 100,000 ids of up to 10 bytes each fit in 1 MiB; snapshot
     * chunks have room up to 16 MiB (the feed client sends far smaller ones).
     */
    private static final int MAX_REQUEST_BYTES = 16 << 20;

    private final GatewayConfig config;
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("gateway");
    private final Availability availability;
    private final HistoricalScheduler historical;
    private final GrpcEndpoint grpc;
    private final OpsHttpServer ops;

    /** A gateway over {@code catalog}, which must be migrated; nothing runs before {@link #start()}. */
    public GatewayServer(GatewayConfig config, Catalog catalog) {
        this.config = config;
        GatewayMetrics metrics = new GatewayMetrics(registry);
        this.availability = new Availability(config.gracePeriod(), config.startupWait(), config.expectedServers(),
                metrics, registry, System::nanoTime, this::markServing);
        Clock utc = Clock.systemUTC();
        HistoricalJob job = new HistoricalJob(catalog, availability, config.instanceName(), config.historicalBatch(),
                config.historicalLease(), utc, metrics);
        this.historical = new HistoricalScheduler(job, config.historicalJobTime(), config.historicalLease(),
                config.historicalRetry(), utc);
        // Every handler answers from memory or only enqueues (the feed): none blocks, so calls
        // run on the transport threads and skip two thread hand-offs per look-up.
        this.grpc = new GrpcEndpoint(config.host(), config.grpcPort(), availability.services(), registry,
                MAX_REQUEST_BYTES).directExecutor();
        this.ops = new OpsHttpServer(config.host(), config.metricsPort(), registry, this::isServing);
    }

    /** Binds the ports, starts taking feed streams and schedules the historical job; returns at once. */
    public GatewayServer start() {
        grpc.start();
        ops.start();
        availability.start();
        if (config.historicalJobScheduled()) {
            historical.startDaily();
        }
        log.info("gateway {} listening: gRPC {}:{}, metrics http://{}:{}/metrics", config.instanceName(),
                config.host(), grpcPort(), config.host(), metricsPort());
        return this;
    }

    /** The bound gRPC port (AvailabilityService, AvailabilityFeed, health, reflection). */
    public int grpcPort() {
        return grpc.port();
    }

    /** The bound port of {@code /metrics} and {@code /healthz}. */
    public int metricsPort() {
        return ops.port();
    }

    /** Whether look-ups are answered (the start-up wait is over). */
    public boolean isServing() {
        return availability.isReady();
    }

    /** Waits up to {@code timeout} for look-ups to open; true if they have. */
    public boolean awaitServing(Duration timeout) throws InterruptedException {
        return availability.awaitReady(timeout);
    }

    /**
     * Runs today's (UTC) historical availability run now on the job's own thread (after any
     * attempt in progress), and completes with what it did: COMPLETED, ALREADY_DONE if
     * today's run is done, BUSY if another gateway is running it. Completes exceptionally
     * with a {@code CatalogException} when the catalog fails; the run resumes at the next
     * attempt.
     */
    public CompletableFuture<HistoricalRun> runHistoricalJob() {
        return historical.runNow();
    }

    /** The current total of one track (for tests and the in-process demo). */
    public int availability(int trackId) {
        return availability.count(trackId);
    }

    /** Satellite servers whose contribution is included now. */
    public int serversReporting() {
        return availability.serversReporting();
    }

    /** This server's meters (for tests and the in-process demo). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private void markServing() {
        grpc.setServing(true);
    }

    /** Ends the feed streams, stops taking calls (running look-ups finish), stops the job. */
    @Override
    public void close() {
        availability.close();
        grpc.close();
        historical.close();
        ops.close();
        registry.close();
    }
}
