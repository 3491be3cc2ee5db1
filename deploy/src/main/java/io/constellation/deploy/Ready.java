package io.constellation.deploy;

import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.constellation.index.Snapshot;

/** The one line each service prints on standard output when it is ready, naming its addresses. */
final class Ready {

    private Ready() {
    }

    /**
     * Prints the index shard's ready line once its index is loaded (at once if the catalog
     * answers; the shard listens, NOT_SERVING, while it waits).
     */
    static void index(IndexServer server, IndexServerConfig config, String host) throws InterruptedException {
        String where = String.format("grpc %s:%d, metrics http://%s:%d/metrics", host, server.grpcPort(),
                host, server.metricsPort());
        while (!server.awaitServing(java.time.Duration.ofSeconds(10))) {
            System.err.printf("index shard %d/%d listening (%s), not serving yet: loading its index%n",
                    config.shard(), config.shardCount(), where);
        }
        Snapshot s = server.snapshot();
        System.out.printf("index shard %d/%d ready: %s, %d tracks%n", config.shard(), config.shardCount(), where,
                s.documentCount());
        System.out.flush();
    }
}
