package io.constellation.deploy;

import io.constellation.cache.CacheServer;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.index.Snapshot;
import io.constellation.satellite.node.SatelliteNode;
import io.constellation.web.WebServer;

/** The one line each service prints on standard output when it is ready, naming its addresses. */
final class Ready {

    private Ready() {
    }

    /**
     * Prints the index shard's ready line once its index is loaded (at once if the catalog
     * answers; the shard listens, NOT_SERVING, while it waits).
     */
    static void index(IndexServer server, int shard, int shards, String host) throws InterruptedException {
        String where = String.format("grpc %s:%d, metrics http://%s:%d/metrics", host, server.grpcPort(),
                host, server.metricsPort());
        while (!server.awaitServing(java.time.Duration.ofSeconds(10))) {
            System.err.printf("index shard %d/%d listening (%s), not serving yet: loading its index%n",
                    shard, shards, where);
        }
        Snapshot s = server.snapshot();
        System.out.printf("index shard %d/%d ready: %s, %d tracks%n", shard, shards, where,
                s.documentCount());
        System.out.flush();
    }

    /** Prints a gateway's ready line: at once (it answers UNAVAILABLE during its start-up wait). */
    static void gateway(GatewayServer server, String host) {
        System.out.printf("gateway ready: grpc %s:%d (AvailabilityService, AvailabilityFeed), metrics http://%s:%d/metrics%n",
                host, server.grpcPort(), host, server.metricsPort());
        System.out.flush();
    }

    /** Prints a cache node's ready line: at once (a cold cache only means misses). */
    static void cache(CacheServer server, String host) {
        System.out.printf("cache node %s ready: grpc %s:%d (SearchService), metrics http://%s:%d/metrics, "
                        + "%d index shard(s), gateways %s, cache %s%n", server.config().nodeId(), host, server.grpcPort(),
                host, server.metricsPort(), server.config().indexShards().count(), server.config().gateways(),
                server.config().cacheDir());
        System.out.flush();
    }

    /** Prints a satellite server's ready line. */
    static void satelliteServer(SatelliteNode node, String host) {
        System.out.printf("satellite server %s ready: satellites tcp %s:%d, admin grpc %s:%d, metrics http://%s:%d/metrics, "
                        + "feeding %s%n", node.config().server().serverId(), host, node.port(), host, node.adminPort(),
                host, node.metricsPort(), node.config().gateways().isEmpty() ? "no gateway" : node.config().gateways());
        System.out.flush();
    }

    /** Prints the web page's ready line. */
    static void web(WebServer web, String host) {
        System.out.printf("web page ready: %s, metrics http://%s:%d/metrics, searching %d cache node(s)%n", web.url(),
                host, web.metricsPort(), web.config().cacheNodes().size());
        System.out.flush();
    }
}
