package io.constellation.deploy.loadgen;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.UserStore;
import io.constellation.satellite.SatelliteServer;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.login.CatalogAuthenticator;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.share.CatalogShareResolver;
import io.constellation.satellite.share.ResolverConfig;
import io.constellation.satellite.share.TrackCounts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.security.SecureRandom;

/**
 * A satellite server on a catalog with the real parts (catalog login, catalog share
 * resolver, track counts), as the load generator's test and the login benchmark run it.
 * No gateway feed: the counts are read directly.
 */
final class CatalogSatelliteServer implements AutoCloseable {

    private final CatalogAuthenticator authenticator;
    private final CatalogShareResolver resolver;
    private final TrackCounts counts = new TrackCounts();
    private final SatelliteServer server;

    /**
     * Starts the server.
     *
     * @param hashIterations PBKDF2 iterations the server hashes with: the same as the stored
     *                       hashes', or every first login upgrades its user's hash (and pays
     *                       the slow hash once more)
     */
    CatalogSatelliteServer(Catalog catalog, SatelliteServerConfig config, int hashIterations) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.authenticator = new CatalogAuthenticator(new UserStore(catalog), new PasswordHasher(hashIterations),
                LoginConfig.builder(secret).build());
        this.resolver = new CatalogShareResolver(new TrackStore(catalog), ResolverConfig.defaults());
        SatelliteServer s;
        try {
            s = new SatelliteServer(config, authenticator, resolver, counts, new SimpleMeterRegistry()).start();
        } catch (RuntimeException e) {
            resolver.close();
            authenticator.close();
            throw e;
        }
        this.server = s;
    }

    SatelliteServer server() {
        return server;
    }

    InetSocketAddress address() {
        return server.address();
    }

    TrackCounts counts() {
        return counts;
    }

    CatalogShareResolver resolver() {
        return resolver;
    }

    /** The server first (its sessions release their counts), then its collaborators. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            resolver.close();
            authenticator.close();
        }
    }
}
