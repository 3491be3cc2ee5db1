package io.constellation.deploy.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.constellation.cache.CacheServer;
import io.constellation.cache.CacheServerConfig;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.CorpusImporter;
import io.constellation.common.corpus.CsvKind;
import io.constellation.deploy.Constellation;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.login.LoginConfig;
import io.constellation.satellite.node.SatelliteNode;
import io.constellation.satellite.node.SatelliteNodeConfig;
import io.constellation.satellite.share.ResolverConfig;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An index shard, a gateway, a satellite server and a cache node, started as the launcher
 * starts them (on free ports, on an embedded catalog), after a search has gone through them:
 * each one's /metrics passes {@code promtool check metrics}, and every metric name the alert
 * rules and the Grafana dashboard use is one of them.
 */
class ServiceMetricsIT {

    private static final String SONGS = String.join("\n",
            "title,artist,first_chart_week,last_chart_week,peak_position,weeks_on_chart",
            "Crazy In Love,Beyonce Featuring Jay-Z,2003-06-14,2003-11-15,1,27",
            "Love Story,Taylor Swift,2008-09-27,2009-05-02,4,31",
            "Hey Ya!,OutKast,2003-09-20,2004-03-06,1,29",
            "");
    private static final Duration START_DEADLINE = Duration.ofSeconds(120);
    /** A metric name in a PromQL expression or an annotation: ours, gRPC's, the JVM's. */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(?:constellation|grpc_server|process|jvm)_[a-z0-9_]+");

    @TempDir
    Path dir;

    @Test
    void everyServicesMetricsPassPromtoolAndHoldEveryNameTheRulesAndDashboardUse() throws Exception {
        try (Catalog db = new Catalog(CatalogConfig.embedded(dir.resolve("data")))) {
            db.migrate();
            new CorpusImporter(new TrackStore(db)).importCsv(new StringReader(SONGS), "deploy-it", CsvKind.SONGS);
            try (IndexServer index = new IndexServer(IndexServerConfig.builder(0, 1, dir.resolve("index"))
                         .host("127.0.0.1").grpcPort(0).metricsPort(0).build(), db).start();
                 GatewayServer gateway = new GatewayServer(GatewayConfig.builder().host("127.0.0.1").grpcPort(0)
                         .metricsPort(0).expectedServers(1).historicalJobScheduled(false).build(), db).start();
                 SatelliteNode satellites = new SatelliteNode(satelliteConfig(gateway), db).start();
                 CacheServer cache = new CacheServer(CacheServerConfig.builder("cache-it", dir.resolve("cache"),
                                 IndexShards.parse("127.0.0.1:" + index.grpcPort()),
                                 List.of("127.0.0.1:" + gateway.grpcPort()))
                         .host("127.0.0.1").grpcPort(0).metricsPort(0).build(), db).start()) {
                assertTrue(index.awaitServing(START_DEADLINE), "index serving");
                assertTrue(gateway.awaitServing(START_DEADLINE), "gateway serving");
                search(cache.grpcPort(), "love");

                Map<String, Integer> metricsPorts = new LinkedHashMap<>();
                metricsPorts.put("index", index.metricsPort());
                metricsPorts.put("gateway", gateway.metricsPort());
                metricsPorts.put("satellite-server", satellites.metricsPort());
                metricsPorts.put("cache", cache.metricsPort());
                Set<String> published = new TreeSet<>();
                for (Map.Entry<String, Integer> e : metricsPorts.entrySet()) {
                    String text = scrape(e.getValue());
                    ExternalTool.Result lint = ExternalTool.run(dir, text, List.of("promtool", "check", "metrics"));
                    assertEquals(0, lint.exitCode(), e.getKey() + " /metrics fails promtool check metrics:\n"
                            + lint.output());
                    published.addAll(sampleNames(text));
                }
                Set<String> used = namesUsedByRulesAndDashboard();
                used.removeAll(published);
                assertTrue(used.isEmpty(), "rules or dashboard use metrics no service publishes: " + used);
            }
        }
    }

    private static SatelliteNodeConfig satelliteConfig(GatewayServer gateway) {
        SatelliteServerConfig server = SatelliteServerConfig.builder().serverId("sat-it").host("127.0.0.1").port(0)
                .drainSpread(Duration.ofMillis(100)).build();
        byte[] secret = "deploy-it-token-secret-of-32-bytes-at-least".getBytes(StandardCharsets.UTF_8);
        return new SatelliteNodeConfig(server, LoginConfig.builder(secret).build(), ResolverConfig.defaults(),
                List.of("127.0.0.1:" + gateway.grpcPort()), "127.0.0.1", 0, 0, Duration.ofMillis(250), 1);
    }

    /** One search through the launcher's own client, so the search path's meters have moved. */
    private static void search(int cachePort, String query) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Constellation()).setOut(new PrintWriter(out)).setErr(new PrintWriter(out))
                .execute("search", "--cache", "127.0.0.1:" + cachePort, query);
        assertEquals(0, code, out.toString());
    }

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    /** The metric names of the samples (not comments) of a Prometheus text exposition. */
    private static Set<String> sampleNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int end = line.indexOf('{') >= 0 ? line.indexOf('{') : line.indexOf(' ');
                names.add(line.substring(0, end));
            }
        }
        return names;
    }

    private static Set<String> namesUsedByRulesAndDashboard() throws Exception {
        Path deploy = DeployDir.root();
        Set<String> names = new TreeSet<>();
        for (Path file : List.of(deploy.resolve("prometheus/rules/constellation.yml"),
                deploy.resolve("grafana/dashboards/constellation.json"))) {
            Matcher m = METRIC_NAME.matcher(Files.readString(file));
            while (m.find()) {
                names.add(m.group());
            }
        }
        if (names.size() < 10) {
            fail("found only " + names + " in the rules and dashboard");
        }
        return names;
    }
}
