package io.constellation.web;

import io.constellation.web.internal.PrometheusText;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status strip's figures for a standalone front end, read every {@link #PERIOD} from the
 * services' {@code /metrics}: satellites online is the sum of {@value #SATELLITES_ONLINE}
 * (satellite servers), searches per second the rate of {@value #CACHE_SEARCHES} (cache
 * nodes) between two reads. A figure no endpoint exposes is unknown. {@link #current}
 * answers from the last read, so a slow endpoint never delays the page.
 *
 * <p>One daemon thread of its own; {@link #start()} then {@link #close()}. Thread-safe.
 */
public final class ScrapedStatus implements StatusSource, AutoCloseable {

    /** The satellite servers' gauge of satellites logged in. */
    public static final String SATELLITES_ONLINE = "constellation_satellites_online";
    /** The cache nodes' counter of searches answered (every outcome). */
    public static final String CACHE_SEARCHES = "constellation_cache_searches_total";
    /** Time between two reads. */
    public static final Duration PERIOD = Duration.ofSeconds(2);

    private static final Logger log = LoggerFactory.getLogger(ScrapedStatus.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final List<URI> endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "web-status-scrape");
        t.setDaemon(true);
        return t;
    });
    private volatile LiveStatus latest = LiveStatus.UNKNOWN;
    private final CounterRate searchRate = new CounterRate(Duration.ZERO);

    /** @param endpoints the {@code /metrics} URLs of satellite servers and cache nodes */
    public ScrapedStatus(List<URI> endpoints) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("scraped status needs at least one /metrics URL");
        }
        this.endpoints = List.copyOf(endpoints);
    }

    /** Reads at once, then every {@link #PERIOD}. */
    public ScrapedStatus start() {
        timer.scheduleWithFixedDelay(this::scrape, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public LiveStatus current() {
        return latest;
    }

    private void scrape() {
        double satellites = Double.NaN;
        double searches = Double.NaN;
        for (URI uri : endpoints) {
            String text = fetch(uri);
            if (text != null) {
                satellites = plus(satellites, PrometheusText.sum(text, SATELLITES_ONLINE));
                searches = plus(searches, PrometheusText.sum(text, CACHE_SEARCHES));
            }
        }
        OptionalDouble rate = searchRate.sample(searches, System.nanoTime());
        latest = new LiveStatus(Double.isNaN(satellites) ? OptionalLong.empty() : OptionalLong.of((long) satellites),
                rate);
    }

    private String fetch(URI uri) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.debug("status scrape of {} failed: {}", uri, e.toString());
            return null;
        }
    }

    /** NaN (unknown) plus NaN stays unknown; a known figure plus unknown is the known one. */
    private static double plus(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + b;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
