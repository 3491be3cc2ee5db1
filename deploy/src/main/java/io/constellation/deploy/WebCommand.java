package io.constellation.deploy;

import io.constellation.web.CacheNodeList;
import io.constellation.web.ScrapedStatus;
import io.constellation.web.WebServer;
import io.constellation.web.WebServerConfig;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code constellation web}: the reference web front end, searching the cache nodes until stopped. */
@Command(name = "web", mixinStandardHelpOptions = true,
        description = "Serve the search page (search box, results with availability, paging, live status) on one "
                + "HTTP port, searching the cache nodes over gRPC (SearchService Search and Prefetch).")
final class WebCommand implements Callable<Integer> {

    @Option(names = "--cache", required = true, split = ",",
            description = "Cache nodes as host:port or id=host:port (id default: cache-<port>, as `constellation "
                    + "cache` names itself); repeat the option or separate by ','.")
    List<String> caches = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port of the page, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--metrics-port", defaultValue = "9500",
            description = "HTTP port of /metrics and /healthz, 0 to pick one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--status-metrics", split = ",",
            description = "/metrics URLs the status strip reads: satellite servers (satellites online) and cache "
                    + "nodes (searches/s), e.g. http://10.0.0.5:9100/metrics. Without them it shows this front "
                    + "end's own searches/s and satellites online as unknown.")
    List<URI> statusMetrics = new ArrayList<>();

    @Option(names = "--page-size", defaultValue = "20", description = "Results per page, 1 to 200 (default: ${DEFAULT-VALUE}).")
    int pageSize;

    @Option(names = "--search-deadline", defaultValue = "PT5S",
            description = "Longest a search may take, failover included, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration searchDeadline;

    @Option(names = "--threads", defaultValue = "8", description = "HTTP threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws Exception {
        WebServerConfig config = WebServerConfig.builder(CacheNodeList.parse(caches)).host(host).port(port)
                .metricsPort(metricsPort).pageSize(pageSize).searchDeadline(searchDeadline).httpThreads(threads)
                .build();
        ServiceRunner runner = new ServiceRunner();
        ScrapedStatus status = statusMetrics.isEmpty() ? null : runner.started(new ScrapedStatus(statusMetrics).start());
        WebServer web = runner.started(new WebServer(config, status).start());
        System.out.printf("web front end ready: %s, metrics http://%s:%d/metrics, searching %s%n", web.url(), host,
                web.metricsPort(), config.cacheNodes());
        System.out.flush();
        runner.awaitShutdown();
        return 0;
    }
}
