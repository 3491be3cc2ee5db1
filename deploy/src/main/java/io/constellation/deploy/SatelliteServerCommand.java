package io.constellation.deploy;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.deploy.services.SatelliteNodes;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.node.SatelliteNode;
import io.constellation.satellite.node.SatelliteNodeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code constellation satellite-server}: holds satellites' connections, logs them in
 * against the catalog, takes their share lists and feeds the gateways. SIGTERM drains:
 * satellites are told to reconnect elsewhere, spread over {@code --drain-spread}.
 */
@Command(name = "satellite-server", mixinStandardHelpOptions = true,
        description = "Accept satellites on TCP (the constellation.satellite.v1 protocol), log them in, take their "
                + "share lists and stream per-track counts to every --gateway.")
final class SatelliteServerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(SatelliteServerCommand.class);

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--server-id", defaultValue = "sat-1",
            description = "This server's name, unique in the cluster (default: ${DEFAULT-VALUE}).")
    String serverId;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7000",
            description = "TCP port for satellites, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--admin-port", defaultValue = "7100",
            description = "gRPC port of SatelliteAdmin, health and reflection (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--metrics-port", defaultValue = "9100",
            description = "HTTP port of /metrics and /healthz (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--gateway", split = ",", paramLabel = "HOST:PORT",
            description = "A gateway's gRPC address to feed; repeat or comma-separate for several.")
    List<String> gateways = List.of();

    @Option(names = "--advertise-host", description = "Host given to others for transfers (default: --host).")
    String advertiseHost;

    @Option(names = "--token-secret", defaultValue = "${env:CONSTELLATION_TOKEN_SECRET}", hidden = true,
            description = "Session-token secret shared by the cluster, at least 32 bytes (env CONSTELLATION_TOKEN_SECRET).")
    String tokenSecret;

    @Option(names = "--max-connections", defaultValue = "18000",
            description = "Most connections at once (default: ${DEFAULT-VALUE}; a process has 20,000 open files here).")
    int maxConnections;

    @Option(names = "--connections-per-second-per-address", defaultValue = "50",
            description = "New connections accepted per second from one address, 0 = no limit (default: ${DEFAULT-VALUE}).")
    int perAddressRate;

    @Option(names = "--heartbeat", defaultValue = "PT30S",
            description = "Heartbeat interval told to satellites; silent for three is idle (default: ${DEFAULT-VALUE}).")
    Duration heartbeat;

    @Option(names = "--drain-spread", defaultValue = "PT30S",
            description = "On SIGTERM, satellites reconnect elsewhere spread over this window (default: ${DEFAULT-VALUE}).")
    Duration drainSpread;

    @Option(names = "--password-iterations", defaultValue = "" + PasswordHasher.DEFAULT_ITERATIONS,
            description = "PBKDF2 iterations of password hashes; weaker stored hashes are upgraded at login "
                    + "(default: ${DEFAULT-VALUE}, about 25 ms a login; load tests with 'users add-many "
                    + "--iterations 1' run with 1).")
    int passwordIterations;

    @Option(names = "--io-threads", defaultValue = "0", description = "Event loops, 0 = one per core.")
    int ioThreads;

    @Override
    public Integer call() throws Exception {
        SatelliteServerConfig.Builder server = SatelliteServerConfig.builder().serverId(serverId).host(host).port(port)
                .maxConnections(maxConnections).connectionsPerSecondPerAddress(perAddressRate)
                .heartbeatInterval(heartbeat).drainSpread(drainSpread);
        if (ioThreads > 0) {
            server.ioThreads(ioThreads);
        }
        SatelliteNodeConfig config = SatelliteNodes.config(server.build(), secret(), gateways,
                advertiseHost != null ? advertiseHost : host, adminPort, metricsPort, passwordIterations);
        ServiceRunner runner = new ServiceRunner();
        Catalog db = runner.started(new Catalog(catalog.config()));
        db.migrate();
        SatelliteNode node = runner.started(new SatelliteNode(config, db).start());
        Ready.satelliteServer(node, host);
        runner.awaitShutdown();
        return 0;
    }

    private byte[] secret() {
        if (tokenSecret != null && !tokenSecret.isEmpty()) {
            byte[] bytes = tokenSecret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < SatelliteNodes.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("CONSTELLATION_TOKEN_SECRET must be at least " + SatelliteNodes.MIN_SECRET_BYTES
                        + " bytes");
            }
            return bytes;
        }
        log.warn("no CONSTELLATION_TOKEN_SECRET: using a random one, so session tokens work only on this process");
        return SatelliteNodes.randomSecret();
    }
}
