package io.constellation.common.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ServiceMetricsTest {

    @Test
    void camelCaseTagKeysAreRewrittenToSnakeCase() {
        assertEquals("status_code", ServiceMetrics.snakeCase("statusCode"));
        assertEquals("method_type", ServiceMetrics.snakeCase("methodType"));
        assertEquals("outcome", ServiceMetrics.snakeCase("outcome"));
        PrometheusMeterRegistry registry = ServiceMetrics.create("test");
        Counter.builder("constellation_things_total").tag("statusCode", "OK").register(registry).increment();
        String scrape = registry.scrape();
        assertTrue(scrape.contains("constellation_things_total{service=\"test\",status_code=\"OK\"} 1.0"), scrape);
        assertFalse(scrape.contains("statusCode"));
    }

    @Test
    void processMetersCarryPrometheusStyleNamesThatPassTheLint() {
        String scrape = ServiceMetrics.create("test").scrape();
        assertTrue(scrape.contains("# TYPE process_cpu_seconds_total counter"), scrape);
        assertTrue(scrape.contains("# TYPE system_cpus gauge"), scrape);
        assertFalse(scrape.contains("process_cpu_time_ns"), "abbreviated unit in a name");
        assertFalse(scrape.contains("system_cpu_count"), "a gauge named like a summary's count");
    }

    @Test
    void opsServerPublishesMetricsAndHealthOnAPickedPort() throws Exception {
        PrometheusMeterRegistry registry = ServiceMetrics.create("test");
        AtomicBoolean healthy = new AtomicBoolean(false);
        try (OpsHttpServer server = new OpsHttpServer("127.0.0.1", 0, registry, healthy::get).start()) {
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            assertTrue(server.port() > 0);
            assertEquals(503, get(http, base + "/healthz").statusCode());
            healthy.set(true);
            assertEquals(200, get(http, base + "/healthz").statusCode());
            HttpResponse<String> metrics = get(http, base + "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM meters are bound");
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
