package io.constellation.deploy;

import io.constellation.cache.CacheServer;
import io.constellation.deploy.demo.DemoCluster;
import io.constellation.deploy.demo.DemoConfig;
import io.constellation.deploy.demo.DemoPorts;
import io.constellation.deploy.demo.DemoStatus;
import io.constellation.satellite.node.SatelliteNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code constellation demo}: the whole network in one process ({@link DemoCluster}) on the
 * embedded catalog, until Ctrl-C. Prints each service's ready line, then where to look.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole network in one process on the embedded catalog: 2 index shards, a gateway, "
                + "2 cache nodes, 2 satellite servers and simulated satellites that log in, share tracks of the "
                + "catalog and churn. The first start imports the bundled corpus; later ones reuse --data-dir.",
            "Ports (--base-port B, default 7000): satellites TCP B, B+1; satellite admin gRPC B+100, B+101; "
                + "gateway B+200; index shards B+301, B+302; cache nodes (SearchService) B+400, B+401; the web "
                + "page B+1080 (8080); each service's /metrics and /healthz at its port + 2000. --base-port 0 "
                + "picks free ports."})
final class DemoCommand implements Callable<Integer> {

    /** Exit status when a signal stopped the demo before it was ready (as a shell reports SIGINT). */
    static final int EXIT_STOPPED_WHILE_STARTING = 130;

    @Option(names = "--data-dir", defaultValue = "${env:CONSTELLATION_DATA_DIR:-data}",
            description = "Directory of the embedded catalog, index and cache files (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--base-port", defaultValue = "" + DemoPorts.DEFAULT_BASE,
            description = "First port of the layout above; 0 = every port picked by the system (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--satellites", defaultValue = "3000",
            description = "Simulated satellites, one user each (sat0, sat1, ...; default: ${DEFAULT-VALUE}).")
    int satellites;

    @Option(names = "--files-per-satellite", defaultValue = "100",
            description = "Tracks each satellite shares (default: ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--churn", defaultValue = "20",
            description = "Satellites per second that log out and back in once all are online (default: ${DEFAULT-VALUE}).")
    double churn;

    @Option(names = "--searches-per-second", defaultValue = "3",
            description = "Searches per second the demo sends by itself (words of popular tracks, skewed), so "
                    + "the status and the metrics show life; 0 = none (default: ${DEFAULT-VALUE}).")
    double searchesPerSecond;

    @Option(names = "--status-every", defaultValue = "PT10S",
            description = "How often to print the status line, ISO-8601; PT0S = never (default: ${DEFAULT-VALUE}).")
    Duration statusEvery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        DemoConfig config = config();
        long t0 = System.nanoTime();
        ServiceRunner runner = new ServiceRunner();
        DemoCluster demo = runner.started(new DemoCluster(config));
        runner.closeOnShutdown(); // Ctrl-C during the start (a first import) stops it too
        try {
            demo.start();
        } catch (CancellationException e) {
            return EXIT_STOPPED_WHILE_STARTING;
        }
        printReady(demo, (System.nanoTime() - t0) / 1e9);
        ScheduledExecutorService status = statusPrinter(demo);
        AutoCloseable stopStatus = status::shutdownNow;
        runner.started(stopStatus);
        runner.awaitShutdown();
        return 0;
    }

    private DemoConfig config() {
        try {
            return DemoConfig.builder(dataDir).host(host).basePort(basePort).satellites(satellites)
                    .filesPerSatellite(files).churnRate(churn).searchesPerSecond(searchesPerSecond).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void printReady(DemoCluster demo, double seconds) throws InterruptedException {
        for (int i = 0; i < demo.indexShards().size(); i++) {
            Ready.index(demo.indexShards().get(i), i, DemoCluster.INDEX_SHARDS, host);
        }
        Ready.gateway(demo.gateway(), host);
        for (CacheServer cache : demo.caches()) {
            Ready.cache(cache, host);
        }
        for (SatelliteNode node : demo.satelliteServers()) {
            Ready.satelliteServer(node, host);
        }
        Ready.web(demo.web(), host);
        String caches = demo.cacheNodes().stream().map(n -> n.address()).collect(Collectors.joining(", "));
        System.out.printf(Locale.ROOT, "%ndemo ready in %.1f s: %d tracks in the catalog %s (%s)%n", seconds,
                demo.tracks(), demo.imported() ? "(imported now)" : "(imported before)",
                dataDir.toAbsolutePath().normalize());
        System.out.printf("  open %s in a browser to search the network (availability now or was popular, "
                + "satellites online and searches/s live)%n", demo.web().url());
        System.out.printf("  search:       cache nodes %s; try: bin/constellation search --cache %s love%n", caches,
                demo.cacheNodes().get(0).address());
        System.out.printf("  satellites:   %d simulated, logging in to tcp %s (user satN, password loadtest)%n",
                satellites, demo.satelliteAddresses().stream().map(a -> host + ":" + a.getPort())
                        .collect(Collectors.joining(", ")));
        System.out.printf("  metrics:      %s%n", demo.services().stream().map(s -> s.metricsUrl().toString())
                .collect(Collectors.joining(" ")));
        System.out.println("  Ctrl-C stops everything.");
        System.out.flush();
    }

    private ScheduledExecutorService statusPrinter(DemoCluster demo) {
        ScheduledExecutorService printer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-status");
            t.setDaemon(true);
            return t;
        });
        if (!statusEvery.isZero() && !statusEvery.isNegative()) {
            long every = statusEvery.toMillis();
            printer.scheduleAtFixedRate(() -> printStatus(demo.status()), every, every, TimeUnit.MILLISECONDS);
        }
        return printer;
    }

    private static void printStatus(DemoStatus s) {
        System.out.printf(Locale.ROOT, "demo: %d satellites online, %.1f searches/s (%d in all)%n",
                s.satellitesOnline(), s.searchesPerSecond(), s.searches());
        System.out.flush();
    }
}
