package io.constellation.bench.gateway;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.satellite.SatelliteServer;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.feed.AvailabilityPublisher;
import io.constellation.satellite.feed.FeedConfig;
import io.constellation.satellite.login.CatalogAuthenticator;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.node.SatelliteNode;
import io.constellation.satellite.node.SatelliteNodeConfig;
import io.constellation.satellite.share.CatalogShareResolver;
import io.constellation.satellite.share.ResolverConfig;
import io.constellation.satellite.share.TrackCounts;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The satellite server of {@link LoginVisibility}, in this JVM, feeding one gateway:
 * <ul>
 *   <li>{@code node}: {@link SatelliteNode} exactly as a deployment runs it. Its password
 *       hasher is {@code new PasswordHasher()} ({@value PasswordHasher#DEFAULT_ITERATIONS}
 *       iterations, about 25 ms of a core per login on this machine), which caps password
 *       logins near 80 a second on two cores whatever else happens;</li>
 *   <li>{@code assembled}: the same parts SatelliteNode assembles (SatelliteServer,
 *       CatalogAuthenticator, CatalogShareResolver, TrackCounts, AvailabilityPublisher),
 *       with a hasher of the benchmark's cost, so that hundreds of password logins a
 *       second measure the path from login to gateway rather than PBKDF2. What is left out
 *       is the admin gRPC port and /metrics, which play no part in a login.</li>
 * </ul>
 */
final class SatelliteSide implements AutoCloseable {

    private final int port;
    private final AutoCloseable parts;

    private SatelliteSide(int port, AutoCloseable parts) {
        this.port = port;
        this.parts = parts;
    }

    /**
     * @param mode       "node" or "assembled"
     * @param iterations PBKDF2 iterations of the assembled server's hasher (node: always the default)
     * @param gateway    "host:port" of the gateway to feed
     */
    static SatelliteSide start(String mode, Catalog catalog, int iterations, String gateway, Duration deltaInterval) {
        SatelliteServerConfig server = SatelliteServerConfig.builder().host("127.0.0.1").port(0)
                .serverId("gwbench-sat").connectionsPerSecondPerAddress(0).maxConnections(18_000).build();
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        LoginConfig login = LoginConfig.builder(secret).build();
        return switch (mode) {
            case "node" -> node(server, login, catalog, gateway, deltaInterval);
            case "assembled" -> assembled(server, login, catalog, iterations, gateway, deltaInterval);
            default -> throw new IllegalArgumentException("--server must be node or assembled, not " + mode);
        };
    }

    private static SatelliteSide node(SatelliteServerConfig server, LoginConfig login, Catalog catalog, String gateway,
                                      Duration deltaInterval) {
        SatelliteNodeConfig config = SatelliteNodeConfig.of(server, login, ResolverConfig.defaults())
                .withGateways(List.of(gateway));
        if (!config.deltaInterval().equals(deltaInterval)) {
            throw new IllegalArgumentException("--server node feeds deltas every " + config.deltaInterval().toMillis()
                    + " ms (SatelliteNodeConfig's default); leave --delta alone or use --server assembled");
        }
        SatelliteNode node = new SatelliteNode(config, catalog).start();
        return new SatelliteSide(node.port(), node);
    }

    private static SatelliteSide assembled(SatelliteServerConfig serverConfig, LoginConfig login, Catalog catalog,
                                           int iterations, String gateway, Duration deltaInterval) {
        PrometheusMeterRegistry registry = ServiceMetrics.create("satellite");
        CatalogAuthenticator authenticator = new CatalogAuthenticator(new UserStore(catalog),
                new PasswordHasher(iterations), login);
        CatalogShareResolver resolver = new CatalogShareResolver(new TrackStore(catalog), ResolverConfig.defaults());
        TrackCounts counts = new TrackCounts();
        SatelliteServer server = new SatelliteServer(serverConfig, authenticator, resolver, counts, registry).start();
        AvailabilityPublisher publisher = new AvailabilityPublisher(
                FeedConfig.builder(serverConfig.serverId(), "127.0.0.1:" + server.port(), List.of(gateway))
                        .deltaInterval(deltaInterval).build(), counts, registry).start();
        return new SatelliteSide(server.port(), () -> {
            server.close();
            publisher.close();
            resolver.close();
            authenticator.close();
            registry.close();
        });
    }

    /** The satellites' TCP port. */
    int port() {
        return port;
    }

    @Override
    public void close() throws Exception {
        parts.close();
    }
}
