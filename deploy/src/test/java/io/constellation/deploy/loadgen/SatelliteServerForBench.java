package io.constellation.deploy.loadgen;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.share.ResolverStats;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The login benchmark's server process (test sources, not shipped): a satellite server with
 * the real catalog login, share resolver and track counts, until SIGTERM or Ctrl-C. It
 * prints a ready line, then every few seconds its sessions, counted tracks and the
 * resolver's cache and catalog figures.
 *
 * <pre>
 * java -cp ... io.constellation.deploy.loadgen.SatelliteServerForBench \
 *     [--catalog-url jdbc:mariadb://127.0.0.1:3306/db?user=root | --data-dir DIR] \
 *     [--port 7400] [--io-threads 2] [--hash-iterations 1] [--stats-every-seconds 5]
 * </pre>
 *
 * The users must exist ({@code constellation users add-many --iterations 1}); the server
 * hashes with {@code --hash-iterations}, which must match theirs, or each first login
 * upgrades its user's hash to the server's cost. Per-address connection rate limiting is
 * off: the load comes from a handful of loopback addresses.
 */
public final class SatelliteServerForBench {

    private SatelliteServerForBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.get("--catalog-url");
        CatalogConfig catalogConfig = url != null ? CatalogConfig.builder().jdbcUrl(url).build()
                : CatalogConfig.embedded(Path.of(options.getOrDefault("--data-dir", "data")));
        SatelliteServerConfig config = SatelliteServerConfig.builder()
                .host("127.0.0.1")
                .port(Integer.parseInt(options.getOrDefault("--port", "7400")))
                .ioThreads(Integer.parseInt(options.getOrDefault("--io-threads", "2")))
                .connectionsPerSecondPerAddress(0)
                .build();
        int iterations = Integer.parseInt(options.getOrDefault("--hash-iterations", "1"));
        long every = Long.parseLong(options.getOrDefault("--stats-every-seconds", "5"));

        Catalog catalog = new Catalog(catalogConfig);
        catalog.migrate();
        CatalogSatelliteServer server = new CatalogSatelliteServer(catalog, config, iterations);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            catalog.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.printf("bench satellite server ready: %s, catalog %s, %d io threads, hash iterations %d%n",
                server.address(), catalogConfig.jdbcUrl().replaceAll("password=[^&;]*", "password=***"),
                config.ioThreads(), iterations);
        System.out.flush();
        while (!stopped.await(every, TimeUnit.SECONDS)) {
            ResolverStats r = server.resolver().stats();
            System.out.printf("sessions %d, connections %d, tracks counted %d | resolver: files %d, cache hits %d, "
                            + "tracks created %d, statements %d (%d select, %d insert), cycles %d%n",
                    server.server().sessions(), server.server().connections(), server.counts().trackCount(),
                    r.files(), r.cacheHits(), r.tracksCreated(), r.catalogStatements(), r.selectStatements(),
                    r.insertStatements(), r.cycles());
            System.out.flush();
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            m.put(args[i], args[i + 1]);
        }
        if (args.length % 2 != 0) {
            throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
        }
        return m;
    }
}
