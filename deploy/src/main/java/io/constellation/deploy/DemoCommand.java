package io.constellation.deploy;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.CorpusImporter;
import io.constellation.common.corpus.ImportReport;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code constellation demo}: everything on the embedded default in one process. Today:
 * the bundled corpus imported into the embedded H2 catalog and one index shard serving
 * it; the other services join as they are built.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run Constellation in one process on the embedded catalog (imports the bundled corpus first).")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "${env:CONSTELLATION_DATA_DIR:-data}",
            description = "Directory of the embedded catalog and index files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--index-port", defaultValue = "7301", description = "Index gRPC port (default: ${DEFAULT-VALUE}).")
    int indexPort;

    @Option(names = "--index-metrics-port", defaultValue = "9301",
            description = "Index /metrics and /healthz port (default: ${DEFAULT-VALUE}).")
    int indexMetricsPort;

    @Override
    public Integer call() throws Exception {
        ServiceRunner runner = new ServiceRunner();
        Catalog db = runner.started(new Catalog(CatalogConfig.embedded(dataDir)));
        db.migrate();
        ImportReport report = new CorpusImporter(new TrackStore(db)).importBundled();
        System.err.printf("demo: catalog %s holds the bundled corpus (%d new tracks, %d already present)%n",
                dataDir.resolve("catalog"), report.inserted(), report.alreadyPresent());
        IndexServerConfig config = IndexServerConfig.builder(0, 1, dataDir.resolve("index-0-of-1"))
                .host(host).grpcPort(indexPort).metricsPort(indexMetricsPort).build();
        IndexServer index = runner.started(new IndexServer(config, db).start());
        Ready.index(index, config, host);
        runner.awaitShutdown();
        return 0;
    }
}
