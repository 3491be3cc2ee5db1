package io.constellation.satellite.node;

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
 */
public record SatelliteNodeConfig(SatelliteServerConfig server, LoginConfig login, ResolverConfig resolver,
                                  List<String> gateways, String advertiseHost, int adminPort, int metricsPort,
                                  Duration deltaInterval) {

    public SatelliteNodeConfig {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(resolver, "resolver");
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(advertiseHost, "advertiseHost");
        if (adminPort < 0 || adminPort > 65535 || metricsPort < 0 || metricsPort > 65535) {
            throw new IllegalArgumentException("ports must be within 0..65535");
        }
        if (deltaInterval.isNegative() || deltaInterval.isZero()) {
            throw new IllegalArgumentException("deltaInterval must be positive");
        }
    }

    /**
     * A config with defaults: no gateways, advertised host = the server's listening host,
     * admin and metrics ports picked by the system, deltas every 250 ms.
     */
    public static SatelliteNodeConfig of(SatelliteServerConfig server, LoginConfig login, ResolverConfig resolver) {
        return new SatelliteNodeConfig(server, login, resolver, List.of(), server.host(), 0, 0, Duration.ofMillis(250));
    }

    /** A copy feeding these gateways. */
    public SatelliteNodeConfig withGateways(List<String> gatewayAddresses) {
        return new SatelliteNodeConfig(server, login, resolver, gatewayAddresses, advertiseHost, adminPort, metricsPort,
                deltaInterval);
    }

    /** A copy with these operator ports. */
    public SatelliteNodeConfig withOpsPorts(int admin, int metrics) {
        return new SatelliteNodeConfig(server, login, resolver, gateways, advertiseHost, admin, metrics, deltaInterval);
    }
}
