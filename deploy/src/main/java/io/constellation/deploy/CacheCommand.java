package io.constellation.deploy;

import io.constellation.cache.CacheServer;
import io.constellation.cache.CacheServerConfig;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.Catalog;
import io.constellation.deploy.services.DataLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constellation cache}: one cache node, serving {@code SearchService} over gRPC until stopped. */
@Command(name = "cache", mixinStandardHelpOptions = true,
        description = "Serve SearchService (Search, Prefetch) for web front ends: results cached in memory and on "
                + "disk, computed from the index shards and the catalog, ranked by a gateway's current availability.")
final class CacheCommand implements Callable<Integer> {

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--node-id", description = "This node's name on the ring (default: cache-<port>).")
    String nodeId;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7400", description = "gRPC port, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", defaultValue = "9400",
            description = "HTTP port of /metrics and /healthz, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--cache-dir", description = "Where result files live (default: <data-dir>/cache-<node-id>).")
    Path cacheDir;

    @Option(names = "--index", required = true,
            description = "Index shards in order, ';' between shards, ',' between one shard's replicas, "
                    + "e.g. \"10.0.0.1:7301,10.0.0.2:7301;10.0.0.3:7302\" (shard 0 with two replicas, shard 1).")
    String index;

    @Option(names = "--gateway", required = true, split = ",",
            description = "Gateway host:port; repeat the option or separate by ',' (any of them may answer).")
    List<String> gateways = new ArrayList<>();

    @Option(names = "--memory", defaultValue = "268435456",
            description = "Bytes of result sets kept in memory (default: ${DEFAULT-VALUE}, 256 MiB).")
    long memoryBytes;

    @Option(names = "--max-age", defaultValue = "PT1H",
            description = "Longest a cached result set is served, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration maxAge;

    @Option(names = "--max-age-on-newer-index", defaultValue = "PT5M",
            description = "Longest it is served once the index has changed since (default: ${DEFAULT-VALUE}).")
    Duration maxAgeOnNewerIndex;

    @Option(names = "--search-deadline", defaultValue = "PT5S",
            description = "Longest a search may take on this node (default: ${DEFAULT-VALUE}).")
    Duration searchDeadline;

    @Option(names = "--gateway-budget", defaultValue = "PT0.5S",
            description = "Longest the current-availability look-up may take before the page is served in "
                    + "historical order (default: ${DEFAULT-VALUE}).")
    Duration gatewayBudget;

    @Option(names = "--disk-budget", defaultValue = "10737418240",
            description = "Bytes of result files kept on disk; above it the least recently used are deleted "
                    + "(default: ${DEFAULT-VALUE}, 10 GiB).")
    long diskBytes;

    @Option(names = "--max-results", defaultValue = "10000",
            description = "Most results one query keeps, the historically best; more matches are reported "
                    + "as total_capped (default: ${DEFAULT-VALUE}).")
    int maxResults;

    @Option(names = "--history-refresh", defaultValue = "PT5M",
            description = "How often the in-memory historical availability long match lists are ranked by is "
                    + "reloaded from the catalog (default: ${DEFAULT-VALUE}).")
    Duration historyRefresh;

    @Override
    public Integer call() throws Exception {
        String id = nodeId != null ? nodeId : "cache-" + port;
        Path dir = cacheDir != null ? cacheDir : DataLayout.cacheDir(catalog.dataDir, id);
        CacheServerConfig config = CacheServerConfig.builder(id, dir, IndexShards.parse(index), gateways)
                .host(host).grpcPort(port).metricsPort(metricsPort).memoryBytes(memoryBytes)
                .maxAge(maxAge).maxAgeOnNewerIndex(maxAgeOnNewerIndex)
                .searchDeadline(searchDeadline).gatewayBudget(gatewayBudget)
                .diskBytes(diskBytes).maxResults(maxResults).historyRefresh(historyRefresh)
                .build();
        ServiceRunner runner = new ServiceRunner();
        Catalog db = runner.started(new Catalog(catalog.config()));
        CacheServer server = runner.started(new CacheServer(config, db).start());
        Ready.cache(server, host);
        runner.awaitShutdown();
        return 0;
    }
}
