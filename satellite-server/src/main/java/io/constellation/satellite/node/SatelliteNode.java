package io.constellation.satellite.node;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.ops.GrpcEndpoint;
import io.constellation.common.ops.OpsHttpServer;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.satellite.SatelliteServer;
import io.constellation.satellite.feed.AvailabilityPublisher;
import io.constellation.satellite.feed.FeedConfig;
import io.constellation.satellite.login.CatalogAuthenticator;
import io.constellation.satellite.node.internal.SatelliteAdminService;
import io.constellation.satellite.share.CatalogShareResolver;
import io.constellation.satellite.share.TrackCounts;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole satellite-server process as one object: the satellites' TCP endpoint with its
 * catalog-backed login and share resolution, this server's per-track counts streamed to
 * every gateway, the admin gRPC port (SatelliteAdmin, health, reflection) and
 * {@code /metrics} + {@code /healthz}.
 *
 * <p>{@link #close()} drains first (satellites are told to reconnect elsewhere, spread
 * over the configured window), so the gateways see this server's counts fall to zero in
 * its last deltas rather than waiting out a grace period; then it stops the feed, the
 * operator ports and the catalog workers. The catalog belongs to the caller.
 */
public final class SatelliteNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SatelliteNode.class);

    /** Largest admin request: they are a few bytes. */
    private static final int MAX_ADMIN_REQUEST_BYTES = 16 * 1024;

    /** How long close() lets the feed carry the final zero counts to the gateways. */
    private static final Duration FINAL_DELTA_WAIT = Duration.ofSeconds(1);

    private final SatelliteNodeConfig config;
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("satellite");
    private final CatalogAuthenticator authenticator;
    private final CatalogShareResolver resolver;
    private final TrackCounts counts = new TrackCounts();
    private final SatelliteServer server;
    private final GrpcEndpoint admin;
    private final OpsHttpServer ops;
    private volatile AvailabilityPublisher publisher;
    private volatile boolean draining;

    public SatelliteNode(SatelliteNodeConfig config, Catalog catalog) {
        this.config = config;
        this.authenticator = new CatalogAuthenticator(new UserStore(catalog), new PasswordHasher(config.passwordIterations()), config.login());
        this.resolver = new CatalogShareResolver(new TrackStore(catalog), config.resolver());
        this.server = new SatelliteServer(config.server(), authenticator, resolver, counts, registry);
        this.admin = new GrpcEndpoint(config.server().host(), config.adminPort(),
                List.of(new SatelliteAdminService(this)), registry, MAX_ADMIN_REQUEST_BYTES);
        this.ops = new OpsHttpServer(config.server().host(), config.metricsPort(), registry, () -> !draining);
    }

    /** Binds every port and starts feeding the gateways; returns once satellites can connect. */
    public synchronized SatelliteNode start() {
        server.start();
        if (!config.gateways().isEmpty()) {
            FeedConfig feed = FeedConfig.builder(config.server().serverId(),
                            config.advertiseHost() + ":" + server.port(), config.gateways())
                    .deltaInterval(config.deltaInterval())
                    .build();
            publisher = new AvailabilityPublisher(feed, counts, registry).start();
        }
        admin.start();
        admin.setServing(true);
        ops.start();
        log.info("satellite server {} up: satellites on {}, admin gRPC on {}, metrics on {}, feeding {}",
                config.server().serverId(), server.address(), admin.port(), ops.port(), config.gateways());
        return this;
    }

    /**
     * Stops taking satellites and tells those connected to reconnect elsewhere after a
     * random delay within {@code spread}; completes when they are gone. Health turns
     * NOT_SERVING at once, so load balancers stop sending new ones.
     */
    public CompletableFuture<Void> drain(Duration spread) {
        draining = true;
        admin.setServing(false);
        log.info("satellite server {} draining {} satellites over {}", config.server().serverId(),
                server.connections(), spread);
        return server.drain(spread);
    }

    /** The satellites' TCP port. */
    public int port() {
        return server.port();
    }

    /** The admin gRPC port. */
    public int adminPort() {
        return admin.port();
    }

    /** The port of /metrics and /healthz. */
    public int metricsPort() {
        return ops.port();
    }

    /** Whether {@link #drain} has been called. */
    public boolean draining() {
        return draining;
    }

    /** The TCP endpoint (connection and session counts). */
    public SatelliteServer server() {
        return server;
    }

    /** This server's per-track counts. */
    public TrackCounts counts() {
        return counts;
    }

    /** The feed, or null without gateways or before start. */
    public AvailabilityPublisher publisher() {
        return publisher;
    }

    /** This node's meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** This node's configuration. */
    public SatelliteNodeConfig config() {
        return config;
    }

    @Override
    public synchronized void close() {
        draining = true;
        admin.setServing(false);
        server.close();
        AvailabilityPublisher feed = publisher;
        if (feed != null) {
            awaitFinalDelta();
            feed.close();
        }
        admin.close();
        ops.close();
        resolver.close();
        authenticator.close();
        registry.close();
        log.info("satellite server {} stopped", config.server().serverId());
    }

    /** Gives the feed one delta interval (and a little) to tell the gateways the counts are now zero. */
    private void awaitFinalDelta() {
        long waitMillis = Math.min(FINAL_DELTA_WAIT.toMillis(), config.deltaInterval().toMillis() * 3);
        try {
            Thread.sleep(waitMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
