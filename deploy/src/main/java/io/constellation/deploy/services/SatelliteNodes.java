package io.constellation.deploy.services;

import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.node.SatelliteNodeConfig;
import io.constellation.satellite.share.ResolverConfig;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/** How the launcher assembles a satellite server's configuration, for its subcommand and the demo alike. */
public final class SatelliteNodes {

    /** Smallest token secret accepted: 256 bits for HMAC-SHA256. */
    public static final int MIN_SECRET_BYTES = 32;

    /** How often count changes go to the gateways. */
    private static final Duration DELTA_INTERVAL = Duration.ofMillis(250);

    private SatelliteNodes() {
    }

    /**
     * A node of {@code server} signing session tokens with {@code secret}, resolving shares
     * with the defaults, feeding {@code gateways} ("host:port").
     *
     * @param adminPort          gRPC port of SatelliteAdmin, 0 = pick one
     * @param metricsPort        port of /metrics and /healthz, 0 = pick one
     * @param passwordIterations PBKDF2 iterations; weaker stored hashes are upgraded at login
     */
    public static SatelliteNodeConfig config(SatelliteServerConfig server, byte[] secret, List<String> gateways,
                                             String advertiseHost, int adminPort, int metricsPort,
                                             int passwordIterations) {
        return new SatelliteNodeConfig(server, LoginConfig.builder(secret).build(), ResolverConfig.defaults(),
                gateways, advertiseHost, adminPort, metricsPort, DELTA_INTERVAL, passwordIterations);
    }

    /** A fresh random token secret: session tokens then work on this process only. */
    public static byte[] randomSecret() {
        byte[] random = new byte[MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(random);
        return random;
    }
}
