package io.constellation.deploy.demo;

import io.constellation.cache.CacheServerConfig;
import io.constellation.cache.client.CacheNode;
import io.constellation.cache.client.SearchClientConfig;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.deploy.loadgen.LoadgenConfig;
import io.constellation.deploy.services.DataLayout;
import io.constellation.deploy.services.SatelliteNodes;
import io.constellation.gateway.GatewayConfig;
import io.constellation.index.IndexServerConfig;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.node.SatelliteNodeConfig;
import io.constellation.web.WebServerConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * The configuration of each service of a {@link DemoCluster}: the stand-alone defaults,
 * with the demo's ports and data layout, and sized for one process on a laptop.
 */
final class DemoServiceConfigs {

    /** Connections of the one catalog pool every service shares. */
    private static final int CATALOG_POOL = 24;
    /** Result sets each cache node keeps in memory. */
    private static final long CACHE_MEMORY_BYTES = 64L << 20;
    private static final int CACHE_CATALOG_THREADS = 2;
    /** The satellites are gone before their servers close: the drain has nobody to wait for. */
    private static final Duration DRAIN_SPREAD = Duration.ofSeconds(1);
    private static final Duration DRAIN_GRACE = Duration.ofSeconds(2);
    /** Event loops of each satellite server, and of all the simulated satellites together. */
    private static final int EVENT_LOOPS = 1;
    /**
     * Longer than a front end's usual: the first search of a common word reads a thousand
     * catalog rows, which on a busy laptop running the whole network takes seconds.
     */
    private static final Duration SEARCH_ATTEMPT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration SEARCH_DEADLINE = Duration.ofSeconds(10);

    private final DemoConfig config;
    private final DemoPorts ports;

    DemoServiceConfigs(DemoConfig config) {
        this.config = config;
        this.ports = config.ports();
    }

    /**
     * The embedded catalog, left open at JVM exit by H2 itself so that the demo's shutdown
     * hook closes it last, after the services still reading it (H2 closing it on its own
     * hook, concurrently, would fail their last reads). H2 allows that only without
     * AUTO_SERVER: while the demo runs, its catalog is its own.
     */
    CatalogConfig catalog() {
        CatalogConfig embedded = CatalogConfig.embedded(config.dataDir());
        String url = embedded.jdbcUrl().replace(";AUTO_SERVER=TRUE", "") + ";DB_CLOSE_ON_EXIT=FALSE";
        return embedded.toBuilder().jdbcUrl(url).maxPoolSize(CATALOG_POOL).build();
    }

    IndexServerConfig index(int shard, int shards) {
        int port = ports.index(shard);
        return IndexServerConfig.builder(shard, shards, DataLayout.indexDir(config.dataDir(), shard, shards))
                .host(config.host()).grpcPort(port).metricsPort(ports.metricsOf(port)).build();
    }

    GatewayConfig gateway(int satelliteServers) {
        int port = ports.gateway();
        return GatewayConfig.builder().host(config.host()).grpcPort(port).metricsPort(ports.metricsOf(port))
                .expectedServers(satelliteServers).instanceName("gateway").build();
    }

    CacheServerConfig cache(int node, IndexShards shards, String gatewayAddress) {
        int port = ports.cache(node);
        String id = cacheId(node);
        return CacheServerConfig.builder(id, DataLayout.cacheDir(config.dataDir(), id), shards, List.of(gatewayAddress))
                .host(config.host()).grpcPort(port).metricsPort(ports.metricsOf(port))
                .memoryBytes(CACHE_MEMORY_BYTES).catalogThreads(CACHE_CATALOG_THREADS).build();
    }

    static String cacheId(int node) {
        return "cache-" + node;
    }

    SearchClientConfig searchClient(List<CacheNode> nodes) {
        return SearchClientConfig.builder().nodes(nodes).deadline(SEARCH_DEADLINE)
                .attemptTimeout(SEARCH_ATTEMPT_TIMEOUT).build();
    }

    /** The search page, with the same generous deadline as the demo's own search client. */
    WebServerConfig web(List<CacheNode> nodes) {
        int port = ports.web();
        return WebServerConfig.builder(nodes).host(config.host()).port(port).metricsPort(ports.metricsOf(port))
                .searchDeadline(SEARCH_DEADLINE).build();
    }

    SatelliteNodeConfig satelliteServer(int i, byte[] secret, String gatewayAddress) {
        SatelliteServerConfig server = SatelliteServerConfig.builder().serverId("sat-" + (i + 1))
                .host(config.host()).port(ports.satellite(i)).ioThreads(EVENT_LOOPS)
                .connectionsPerSecondPerAddress(0) // every simulated satellite comes from one address
                .drainSpread(DRAIN_SPREAD).drainGrace(DRAIN_GRACE).build();
        int admin = ports.satelliteAdmin(i);
        return SatelliteNodes.config(server, secret, List.of(gatewayAddress), config.host(), admin,
                ports.metricsOf(admin), CatalogSeed.PASSWORD_ITERATIONS);
    }

    /** The simulated satellites, without a duration (they run until closed). */
    LoadgenConfig.Builder satellites(List<InetSocketAddress> servers) {
        return LoadgenConfig.builder().servers(servers).satellites(config.satellites())
                .filesPerSatellite(config.filesPerSatellite()).usersPrefix(CatalogSeed.USERS_PREFIX)
                .password(CatalogSeed.PASSWORD).rampRate(config.rampRate()).churnRate(config.churnRate())
                .eventLoops(EVENT_LOOPS).seed(config.seed());
    }
}
