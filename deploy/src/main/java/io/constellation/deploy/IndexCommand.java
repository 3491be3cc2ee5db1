package io.constellation.deploy;

import io.constellation.common.catalog.Catalog;
import io.constellation.deploy.services.DataLayout;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constellation index}: one index shard, serving {@code IndexService} over gRPC until stopped. */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Serve shard i of N of the inverted index over gRPC, following the catalog.")
final class IndexCommand implements Callable<Integer> {

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--shard", defaultValue = "0", description = "This shard's number, 0-based (default: ${DEFAULT-VALUE}).")
    int shard;

    @Option(names = "--shards", defaultValue = "1", description = "Number of shards (default: ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7301", description = "gRPC port, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", defaultValue = "9301",
            description = "HTTP port of /metrics and /healthz, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--index-dir", description = "Where the index files live (default: <data-dir>/index-<shard>-of-<shards>).")
    Path indexDir;

    @Option(names = "--poll-interval", defaultValue = "PT1S",
            description = "How often to look for catalog changes, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration pollInterval;

    @Option(names = "--merge-interval", defaultValue = "PT5M",
            description = "Longest time changes stay in memory before being merged and saved (default: ${DEFAULT-VALUE}).")
    Duration mergeInterval;

    @Option(names = "--max-results", defaultValue = "1000000",
            description = "Most ids one answer carries (default: ${DEFAULT-VALUE}).")
    int maxResults;

    @Override
    public Integer call() throws Exception {
        Path dir = indexDir != null ? indexDir : DataLayout.indexDir(catalog.dataDir, shard, shards);
        IndexServerConfig config = IndexServerConfig.builder(shard, shards, dir)
                .host(host).grpcPort(port).metricsPort(metricsPort)
                .pollInterval(pollInterval).mergeInterval(mergeInterval).maxResults(maxResults)
                .build();
        ServiceRunner runner = new ServiceRunner();
        Catalog db = runner.started(new Catalog(catalog.config()));
        IndexServer server = runner.started(new IndexServer(config, db).start());
        Ready.index(server, shard, shards, host);
        runner.awaitShutdown();
        return 0;
    }
}
