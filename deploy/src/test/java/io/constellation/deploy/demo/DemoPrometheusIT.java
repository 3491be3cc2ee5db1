package io.constellation.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's view of the demo: a real Prometheus ({@code /usr/bin/prometheus}, the
 * Debian package) scrapes every service's {@code /metrics} (the web page's included) each
 * second, and its HTTP API shows every target up and the key series with values, under the
 * names the dashboards and alert rules use (Micrometer appends a gauge's base unit and a
 * counter's {@code _total}: {@code constellation_index_tracks_indexed_tracks}).
 *
 * <p>Without the binary the test is skipped, unless
 * {@code -Dconstellation.test.prometheus.required=true} (CI) makes that a failure;
 * {@code -Dconstellation.test.prometheus=PATH} names another binary.
 */
class DemoPrometheusIT {

    private static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");
    /** Generous: the machine running the tests may be loaded. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @Test
    void prometheusScrapesEveryServiceOfTheDemoAndSeesItsKeySeries() throws Exception {
        Path binary = prometheusBinary();
        DemoConfig config = DemoConfig.builder(dir.resolve("data")).basePort(0).satellites(40)
                .filesPerSatellite(20).rampRate(200).churnRate(1).searchesPerSecond(5).build();
        try (DemoCluster demo = new DemoCluster(config)) {
            demo.start();
            List<PrometheusProcess.Target> targets = new ArrayList<>();
            for (ServiceAddress s : demo.services()) {
                targets.add(new PrometheusProcess.Target(s.name(), s.host() + ":" + s.metricsPort()));
            }
            Files.createDirectories(dir.resolve("prometheus"));
            try (PrometheusProcess prometheus = PrometheusProcess.start(binary, dir.resolve("prometheus"), targets,
                    PATIENCE)) {
                // The web page counts the requests it answers: ask it one of each kind.
                get(demo.web().url() + "api/status");
                get(demo.web().url() + "api/search?q=love");
                awaitSeries(prometheus, checks(targets.size()));
            }
        }
    }

    /** The key series, each with what its values must show. */
    private static Map<String, Predicate<JsonNode>> checks(int targets) {
        Map<String, Predicate<JsonNode>> checks = new LinkedHashMap<>();
        checks.put("up", r -> r.size() == targets && allValues(r, v -> v == 1));
        checks.put("sum(constellation_satellites_online)", r -> allValues(r, v -> v > 0));
        checks.put("constellation_index_tracks_indexed_tracks", r -> r.size() == DemoCluster.INDEX_SHARDS
                && allValues(r, v -> v > 0));
        checks.put("constellation_gateway_tracks_available_tracks", r -> allValues(r, v -> v > 0));
        checks.put("sum by (node) (constellation_cache_searches_total)", r -> r.size() == DemoCluster.CACHE_NODES);
        checks.put("sum(constellation_cache_searches_total)", r -> allValues(r, v -> v > 0));
        checks.put("sum(constellation_web_requests_total)", r -> allValues(r, v -> v > 0));
        return checks;
    }

    /** Whether the result holds a sample and every sample's value passes. */
    private static boolean allValues(JsonNode result, Predicate<Double> test) {
        if (result.size() == 0) {
            return false;
        }
        for (JsonNode sample : result) {
            if (!test.test(Double.parseDouble(sample.path("value").path(1).asText()))) {
                return false;
            }
        }
        return true;
    }

    /** Queries every check until all pass (scrapes every second); fails with the last answers if not within {@link #PATIENCE}. */
    private static void awaitSeries(PrometheusProcess prometheus, Map<String, Predicate<JsonNode>> checks)
            throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Map<String, JsonNode> failing = new LinkedHashMap<>();
        do {
            failing.clear();
            for (Map.Entry<String, Predicate<JsonNode>> c : checks.entrySet()) {
                JsonNode result = prometheus.query(c.getKey());
                if (!c.getValue().test(result)) {
                    failing.put(c.getKey(), result);
                }
            }
            if (failing.isEmpty()) {
                return;
            }
            Thread.sleep(1000);
        } while (System.nanoTime() - deadline < 0);
        fail("not within " + PATIENCE + ", these series did not show the values expected: " + failing
                + "\nprometheus log:\n" + prometheus.logText());
    }

    private void get(String uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), uri + ": " + r.body());
    }

    /** The binary, or a skip (a failure when the build requires it). */
    private static Path prometheusBinary() {
        Path binary = Path.of(System.getProperty("constellation.test.prometheus", DEFAULT_BINARY.toString()));
        if (!Files.isExecutable(binary)) {
            String why = binary + " is not installed (Debian package prometheus)";
            if (Boolean.getBoolean("constellation.test.prometheus.required")) {
                fail(why + ", and -Dconstellation.test.prometheus.required=true");
            }
            Assumptions.abort(why + ": skipped");
        }
        return binary;
    }
}
