package io.constellation.satellite.node;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.share.ResolverConfig;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Everything a satellite-server process needs besides its catalog: the satellites' TCP
 * endpoint, login and share-resolution settings, the gateways to feed, and the operators'
 * ports. Immutable; build with {@link #builder}.
 *
 * @param server        the TCP endpoint satellites connect to (its server id names this node
 *                      to the gateways too)
 * @param login         session-token secret and throttling
 * @param resolver      share-resolution cache and batching
 * @param gateways      "host:port" of every gateway's gRPC port; empty = feed none (a
 *                      stand-alone server, e.g. in tests)
 * @param advertiseHost the host gateways hand out for transfers (the TCP port is appended)
 * @param adminPort     gRPC port of SatelliteAdmin, health and reflection; 0 = pick one
 * @param metricsPort   HTTP port of /metrics and /healthz; 0 = pick one
 * @param deltaInterval how often count changes go to the gateways
 * @param passwordIterations PBKDF2 iterations of the password hashes this node writes: a
 *                      stored hash with fewer is upgraded at the user's next login (so a
 *                      load test whose users were made with 1 iteration must run with 1)
 */
public record SatelliteNodeConfig(SatelliteServerConfig server, LoginConfig login, ResolverConfig resolver,
                                  List<String> gateways, String advertiseHost, int adminPort, int metricsPort,
                                  Duration deltaInterval, int passwordIterations) {

    public SatelliteNodeConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(resolver, "resolver");
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(advertiseHost, "advertiseHost");
        if (adminPort < 0 || adminPort > 65535 || metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("ports must be within 0..65535");
        }
        if (passwordIterations < PasswordHasher.MIN_ITERATIONS || passwordIterations > PasswordHasher.MAX_ITERATIONS) {
            throw new IllegalArgumentException("passwordIterations out of range: " + passwordIterations);
        }
        if (deltaInterval.isNegative() || deltaInterval.isZero()) {
            throw new IllegalArgumentException("deltaInterval must be positive");
        }
    }

    /**
     * A config with defaults: no gateways, advertised host = the server's listening host,
     * admin and metrics ports picked by the system, deltas every 250 ms, password hashes of
     * {@link PasswordHasher#DEFAULT_ITERATIONS}.
     */
    public static SatelliteNodeConfig of(SatelliteServerConfig server, LoginConfig login, ResolverConfig resolver) {
        return new SatelliteNodeConfig(server, login, resolver, List.of(), server.host(), 0, 0, Duration.ofMillis(250),
                PasswordHasher.DEFAULT_ITERATIONS);
    }

    /** A copy feeding these gateways. */
    public SatelliteNodeConfig withGateways(List<String> gatewayAddresses) {
        return new SatelliteNodeConfig(server, login, resolver, gatewayAddresses, advertiseHost, adminPort, metricsPort,
                deltaInterval, passwordIterations);
    }

    /** A copy that hashes passwords with this many PBKDF2 iterations. */
    public SatelliteNodeConfig withPasswordIterations(int iterations) {
        return new SatelliteNodeConfig(server, login, resolver, gateways, advertiseHost, adminPort, metricsPort,
                deltaInterval, iterations);
    }

    /** A copy with these operator ports. */
    public SatelliteNodeConfig withOpsPorts(int admin, int metrics) {
        return new SatelliteNodeConfig(server, login, resolver, gateways, advertiseHost, admin, metrics, deltaInterval,
                passwordIterations);
    }
}
