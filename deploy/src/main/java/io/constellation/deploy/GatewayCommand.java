package io.constellation.deploy;

import io.constellation.common.catalog.Catalog;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import java.time.Duration;
import java.time.LocalTime;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code constellation gateway}: aggregates availability from satellite servers and answers look-ups. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
        description = {"Serve AvailabilityService (GetAvailability, LocateSources) and take AvailabilityFeed "
                + "streams from satellite servers; run the daily historical-availability job.",
            "With --run-historical-now, run today's historical job once and exit (0 done or already done, "
                + "3 another gateway holds the job)."})
final class GatewayCommand implements Callable<Integer> {

    @Mixin
    CatalogOptions catalog;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "7200", description = "gRPC port, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", defaultValue = "9200",
            description = "HTTP port of /metrics and /healthz, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--grace", defaultValue = "PT5S",
            description = "How long a satellite server's counts outlive its broken stream (default: ${DEFAULT-VALUE}).")
    Duration grace;

    @Option(names = "--startup-wait", defaultValue = "PT5S",
            description = "Look-ups answer UNAVAILABLE this long after start, while satellite servers connect "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration startupWait;

    @Option(names = "--expected-servers", defaultValue = "0",
            description = "End the start-up wait early once this many satellite servers have sent snapshots.")
    int expectedServers;

    @Option(names = "--historical-at", defaultValue = "04:00",
            description = "Daily time (UTC) of the historical-availability job (default: ${DEFAULT-VALUE}).")
    LocalTime historicalAt;

    @Option(names = "--no-historical", description = "Do not schedule the historical job on this gateway.")
    boolean noHistorical;

    @Option(names = "--run-historical-now", description = "Run today's historical job once, print its outcome, exit.")
    boolean runHistoricalNow;

    @Override
    public Integer call() throws Exception {
        GatewayConfig config = GatewayConfig.builder().host(host).grpcPort(port).metricsPort(metricsPort)
                .gracePeriod(grace).startupWait(startupWait).expectedServers(expectedServers)
                .historicalJobTime(historicalAt).historicalJobScheduled(!noHistorical && !runHistoricalNow)
                .build();
        ServiceRunner runner = new ServiceRunner();
        Catalog db = runner.started(new Catalog(catalog.config()));
        db.migrate();
        GatewayServer server = runner.started(new GatewayServer(config, db).start());
        if (runHistoricalNow) {
            var run = server.runHistoricalJob().get();
            System.out.printf("historical job %s: %s, %d tracks updated in %s%n", run.runDate(), run.outcome(),
                    run.tracksUpdated(), run.took());
            runner.closeAll();
            return run.outcome().name().equals("BUSY") ? 3 : 0;
        }
        Ready.gateway(server, host);
        runner.awaitShutdown();
        return 0;
    }
}
