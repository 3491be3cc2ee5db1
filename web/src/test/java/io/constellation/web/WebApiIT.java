package io.constellation.web;

import static io.constellation.web.testing.HttpProbe.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.constellation.cache.client.CacheNode;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.web.internal.HttpReply;
import io.constellation.web.internal.WebMetrics;
import io.constellation.web.testing.HttpProbe;
import io.constellation.web.testing.SearchSite;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web front end's HTTP API over real sockets, in front of a real search network
 * ({@link SearchSite}): pages of JSON with the catalog's markup characters escaped, clear
 * HTTP statuses and messages for refused queries and unreachable cache nodes, the security
 * headers, the status strip's figures, {@code /metrics} and {@code /healthz}.
 */
class WebApiIT {

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    @TempDir
    Path dir;

    @Test
    void searchPagesAreEscapedJsonThatPageThroughEveryResultOnce() throws Exception {
        SearchSite site = SearchSite.start(cluster, dir, null);
        HttpProbe probe = probe(site.web());

        HttpResponse<String> first = probe.get("/api/search?q=love+song");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(HttpReply.JSON, first.headers().firstValue("Content-Type").orElseThrow());
        assertSecurityHeaders(first);
        JsonNode page0 = json(first);
        assertEquals(SearchSite.TOTAL, page0.get("total").asLong());
        assertEquals(SearchSite.PAGE_SIZE, page0.get("results").size());
        JsonNode top = page0.get("results").get(0);
        assertEquals("Love Song 0", top.get("title").asText());
        assertEquals("Artist 0", top.get("artist").asText());
        assertEquals("Album 0", top.get("album").asText());
        assertEquals("popular", top.get("availability").asText(), "historical availability, no satellite online");
        assertEquals("none", page0.get("results").get(10).get("availability").asText());

        Set<Long> seen = new HashSet<>();
        for (int page = 0; page < 3; page++) {
            JsonNode p = json(probe.get("/api/search?q=song+LOVE&page=" + page));
            assertEquals((long) page * SearchSite.PAGE_SIZE, p.get("offset").asLong());
            p.get("results").forEach(r -> assertTrue(seen.add(r.get("trackId").asLong()), "once: " + r));
        }
        assertEquals(SearchSite.TOTAL, seen.size());

        HttpResponse<String> last = probe.get("/api/search?q=love+song&page=2");
        assertFalse(last.body().contains("<") || last.body().contains(">") || last.body().contains("&"),
                "markup characters travel escaped: " + last.body());
        JsonNode markup = json(last).get("results").get(0);
        assertEquals(SearchSite.MARKUP_TITLE, markup.get("title").asText());
        assertEquals(SearchSite.MARKUP_ARTIST, markup.get("artist").asText());
        assertEquals(SearchSite.MARKUP_ALBUM, markup.get("album").asText());

        assertEquals(0, json(probe.get("/api/search?q=love+song&page=3")).get("results").size());
    }

    @Test
    void refusedQueriesAreA400WithAMessageAndWrongMethodsOrPathsSaySo() throws Exception {
        SearchSite site = SearchSite.start(cluster, dir, null);
        HttpProbe probe = probe(site.web());

        assertError(probe.get("/api/search?q="), 400, "invalid", "empty");
        assertError(probe.get("/api/search?q=" + "x".repeat(2000)), 400, "invalid", "2000 bytes");
        assertError(probe.get("/api/search?q=love&page=-1"), 400, "invalid", "got -1");
        // The search API's own rule, refused by SearchClient as INVALID_ARGUMENT.
        HttpResponse<String> punctuation = probe.get("/api/search?q=" + enc("!!! ???"));
        assertEquals(400, punctuation.statusCode(), punctuation.body());
        assertEquals("invalid", json(punctuation).get("error").asText());
        assertFalse(json(punctuation).get("message").asText().isBlank());

        assertError(probe.get("/api/prefetch?q=love"), 405, "method_not_allowed", "POST");
        assertError(probe.post("/api/search?q=love"), 405, "method_not_allowed", "GET");
        assertError(probe.get("/api/nothing"), 404, "not_found", "/api/nothing");
        assertError(probe.get("/nothing.html"), 404, "not_found", "/nothing.html");

        HttpResponse<String> prefetch = probe.post("/api/prefetch?q=" + enc("love song"));
        assertEquals(200, prefetch.statusCode(), prefetch.body());
        JsonNode warmed = json(prefetch);
        assertTrue(warmed.get("declined").asBoolean() || warmed.get("total").asLong() == SearchSite.TOTAL,
                prefetch.body());

        HttpResponse<String> metrics = new HttpProbe("http://127.0.0.1:" + site.web().metricsPort()).get("/metrics");
        assertTrue(metrics.body().contains("constellation_web_requests_total{endpoint=\"search\",outcome=\"invalid\","
                + "service=\"web\"} 4.0"), metrics.body());
        assertTrue(metrics.body().contains("constellation_web_requests_total{endpoint=\"prefetch\",outcome=\"ok\","
                + "service=\"web\"} 1.0"));
        assertTrue(metrics.body().contains("constellation_search_client_calls"));
        assertEquals(200, new HttpProbe("http://127.0.0.1:" + site.web().metricsPort()).get("/healthz").statusCode());
    }

    @Test
    void thePageAndItsAssetsCarryTheSecurityHeaders() throws Exception {
        SearchSite site = SearchSite.start(cluster, dir, null);
        HttpProbe probe = probe(site.web());
        for (String path : List.of("/", "/app.js", "/style.css")) {
            HttpResponse<String> r = probe.get(path);
            assertEquals(200, r.statusCode(), path);
            assertSecurityHeaders(r);
        }
        assertTrue(probe.get("/").body().contains("<input id=\"q\""));
        assertFalse(probe.get("/app.js").body().contains("innerHTML"), "catalog text only through textContent");
    }

    @Test
    void theStatusStripReadsSearchesPerSecondFromTheCacheNodesMetrics() throws Exception {
        AtomicReference<ScrapedStatus> scraped = new AtomicReference<>();
        StatusSource late = () -> scraped.get() == null ? LiveStatus.UNKNOWN : scraped.get().current();
        SearchSite site = SearchSite.start(cluster, dir, late);
        scraped.set(cluster.closeAfter(new ScrapedStatus(List.of(
                URI.create("http://127.0.0.1:" + site.node(0).metricsPort() + "/metrics"),
                URI.create("http://127.0.0.1:" + site.node(1).metricsPort() + "/metrics"))).start()));
        HttpProbe probe = probe(site.web());
        AtomicReference<JsonNode> status = new AtomicReference<>();
        SearchCluster.await(() -> {
            try {
                assertEquals(200, probe.get("/api/search?q=love").statusCode());
                status.set(json(probe.get("/api/status")));
                // Two scrapes around searches: a first pair around the cold miss may read 0.
                return status.get().get("searchesPerSecond").asDouble() > 0;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "searches per second read from two scrapes of the cache nodes");
        assertTrue(status.get().get("satellitesOnline").isNull(), "no satellite server scraped: unknown, not 0");
    }

    @Test
    void unreachableCacheNodesAreA503ThatSaysToTryAgain() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        WebServerConfig config = WebServerConfig.builder(List.of(CacheNode.of("cache-gone", "127.0.0.1", deadPort)))
                .searchDeadline(Duration.ofSeconds(10)).build();
        WebServer web = cluster.closeAfter(new WebServer(config).start());
        HttpResponse<String> r = probe(web).get("/api/search?q=love");
        assertError(r, 503, "unavailable", "Try again");
        assertSecurityHeaders(r);
        SearchCluster.await(() -> !web.isServing(), "the only cache node marked down");
        assertEquals(503, new HttpProbe("http://127.0.0.1:" + web.metricsPort()).get("/healthz").statusCode());
        assertTrue(json(probe(web).get("/api/status")).get("searchesPerSecond").isNumber(),
                "without a status source: this front end's own rate");
    }

    @Test
    void theWholeMetricsPagePassesPromtoolsLint() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        Assumptions.assumeTrue(Files.isExecutable(promtool), "skipped: " + promtool
                + " is not installed (Debian package prometheus)");
        WebServerConfig config = WebServerConfig.builder(List.of(CacheNode.of("cache-x", "127.0.0.1", 1))).build();
        WebServer web = cluster.closeAfter(new WebServer(config).start());
        probe(web).get("/api/search?q=");
        probe(web).get("/");
        // The whole page, JVM and process meters included: what Prometheus scrapes.
        String metrics = new HttpProbe("http://127.0.0.1:" + web.metricsPort()).get("/metrics").body();
        assertTrue(metrics.indexOf(WebMetrics.REQUESTS) >= 0);
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = check.getOutputStream()) {
            in.write(metrics.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, check.exitValue(), out);
    }

    private static HttpProbe probe(WebServer web) {
        return new HttpProbe("http://127.0.0.1:" + web.port());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertError(HttpResponse<String> r, int status, String error, String inMessage) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(error, body.get("error").asText());
        assertTrue(body.get("message").asText().contains(inMessage), body.toString());
    }

    private static void assertSecurityHeaders(HttpResponse<String> r) {
        assertEquals(HttpReply.CONTENT_SECURITY_POLICY, r.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    }
}
