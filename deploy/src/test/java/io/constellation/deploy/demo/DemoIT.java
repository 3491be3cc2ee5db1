package io.constellation.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.constellation.index.IndexServer;
import io.constellation.index.internal.IndexMetrics;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchResult;
import io.grpc.StatusRuntimeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a newcomer runs it, on free ports and a fresh data directory: every service
 * serves, the simulated satellites make some search results available now and leave
 * others not, the first start records their history, the web page's JSON API searches
 * through the demo and shows its live status, every service (the web page too) answers
 * /metrics and /healthz, close is quick, and a second start on the same directory neither
 * imports nor rebuilds the index.
 */
class DemoIT {

    private static final int SATELLITES = 200;
    /** Generous: the machine running the tests may be loaded. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final Duration CLOSE_LIMIT = Duration.ofSeconds(20);
    private static final int PAGE = 200;

    @TempDir
    Path dir;

    private static final Set<String> INDICATORS = Set.of("now", "popular", "none");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void demoServesSearchesWithLiveAvailabilityAndRestartsFromItsDataDirectory() throws Exception {
        DemoConfig config = DemoConfig.builder(dir.resolve("data")).basePort(0).satellites(SATELLITES)
                .filesPerSatellite(50).rampRate(400).churnRate(5).build();

        long firstStart;
        try (DemoCluster demo = new DemoCluster(config)) {
            firstStart = timed(() -> startQuietly(demo));
            assertTrue(demo.imported(), "a fresh data directory is seeded with the corpus");
            assertEquals(SATELLITES, demo.usersCreated());
            awaitTrue(() -> demo.status().satellitesOnline() >= SATELLITES * 9 / 10, "satellites online");

            SearchResponse available = awaitValue(() -> demo.searchClient().searchBlocking("love", 0, PAGE),
                    r -> r.getResultsList().stream().anyMatch(x -> x.getCurrentAvailability() > 0),
                    "a result available now");
            assertTrue(available.getTotal() > PAGE, "love is a common word: " + available.getTotal());
            int tailOffset = (int) Math.min(available.getTotal() - 1, PAGE * 4L);
            awaitValue(() -> demo.searchClient().searchBlocking("love", tailOffset, PAGE),
                    r -> r.getResultsList().stream().anyMatch(x -> x.getCurrentAvailability() == 0),
                    "a track no simulated satellite shares, unavailable now");
            for (SearchResult r : available.getResultsList()) {
                assertFalse(r.getTitle().isEmpty(), "results carry the catalog's titles");
            }
            awaitTrue(() -> demo.status().searches() >= 2, "the status counts the searches");
            assertTrue(available.getResultsList().stream().anyMatch(x -> x.getHistoricalAvailability() > 0),
                    "the first start recorded the shared tracks' history");
            assertTrue(wasPopularSomewhere(demo, "love", available.getTotal()),
                    "some love track shared by 'yesterday's' satellites only: unavailable now, popular before");

            JsonNode page = awaitValue(() -> getJson(demo.web().url() + "api/search?q=love"),
                    p -> p.path("results").size() > 0, "the web page's search API answering love");
            for (JsonNode r : page.path("results")) {
                assertTrue(INDICATORS.contains(r.path("availability").asText()), "indicator of " + r);
                assertFalse(r.path("title").asText().isEmpty(), "title of " + r);
            }
            assertTrue(page.path("total").asLong() > PAGE, "the page's total: " + page);
            JsonNode status = awaitValue(() -> getJson(demo.web().url() + "api/status"),
                    st -> st.path("satellitesOnline").asLong() > 0, "the web status strip's satellites online");
            assertTrue(status.path("searchesPerSecond").isNumber(), "searches/s known: " + status);
            assertTrue(demo.services().stream().anyMatch(s -> s.name().equals("web")), "the web page is a service");

            for (ServiceAddress s : demo.services()) {
                HttpResponse<String> metrics = get(s.metricsUrl());
                assertEquals(200, metrics.statusCode(), s.name());
                assertTrue(metrics.body().contains("# TYPE constellation_"), s.name() + " metrics");
                assertEquals(200, get(s.healthUrl()).statusCode(), s.name() + " health");
            }
            long closing = timed(demo::close);
            assertTrue(closing < CLOSE_LIMIT.toNanos(), "closed in " + closing / 1_000_000 + " ms");
        }

        try (DemoCluster again = new DemoCluster(config)) {
            long secondStart = timed(() -> startQuietly(again));
            assertFalse(again.imported(), "the second start does not import again");
            assertEquals(0, again.usersCreated(), "the users are there already");
            for (IndexServer shard : again.indexShards()) {
                assertEquals(0, shard.registry().get(IndexMetrics.REBUILDS).counter().count(),
                        "the index is loaded from its checkpoint");
            }
            assertTrue(secondStart < firstStart, "second start " + secondStart / 1_000_000 + " ms, first "
                    + firstStart / 1_000_000 + " ms");
            awaitTrue(() -> again.status().satellitesOnline() > 0, "satellites online again");
        }
    }

    private static void startQuietly(DemoCluster demo) {
        try {
            demo.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static long timed(Runnable action) {
        long t0 = System.nanoTime();
        action.run();
        return System.nanoTime() - t0;
    }

    /** Whether a page of {@code query}'s results holds a track unavailable now with a history. */
    private static boolean wasPopularSomewhere(DemoCluster demo, String query, long total) throws InterruptedException {
        for (int offset = 0; offset < total; offset += PAGE) {
            int at = offset;
            SearchResponse r = awaitValue(() -> demo.searchClient().searchBlocking(query, at, PAGE), x -> true,
                    query + " at offset " + at);
            if (r.getResultsList().stream().anyMatch(x -> x.getCurrentAvailability() == 0
                    && x.getHistoricalAvailability() > 0)) {
                return true;
            }
        }
        return false;
    }

    /** The JSON body of a 200 answer; anything else fails (and is asked again by {@link #awaitValue}). */
    private JsonNode getJson(String uri) {
        try {
            HttpResponse<String> r = get(URI.create(uri));
            if (r.statusCode() != 200) {
                throw new IllegalStateException(uri + " answered " + r.statusCode() + ": " + r.body());
            }
            return json.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException(uri + ": " + e, e);
        }
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        awaitValue(condition::getAsBoolean, ok -> ok, what);
    }

    /** Polls {@code value} until {@code accept} takes it (a failed call counts as not yet), within {@link #PATIENCE}; returns it. */
    private static <T> T awaitValue(Supplier<T> value, java.util.function.Predicate<T> accept, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        RuntimeException lastError = null;
        while (true) {
            try {
                T v = value.get();
                if (accept.test(v)) {
                    return v;
                }
            } catch (StatusRuntimeException | IllegalStateException e) {
                lastError = e; // a cold search on a loaded machine may time out (504 on the page): ask again
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + PATIENCE + ": " + what, lastError);
            }
            Thread.sleep(200);
        }
    }
}
