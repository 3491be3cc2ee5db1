package io.constellation.web.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;

/**
 * The web front end's meters, registered once when the server is built: every tag value
 * comes from {@link Endpoint} and {@link Outcome}, never from a request. Thread-safe.
 */
public final class WebMetrics {

    /** HTTP requests answered, by {@link #TAG_ENDPOINT} and {@link #TAG_OUTCOME}. */
    public static final String REQUESTS = "constellation_web_requests";
    /** Time to answer an API request (search or prefetch), seconds, by endpoint. */
    public static final String API_SECONDS = "constellation_web_api_seconds";
    /** Connections the server dropped because its request queue was full. */
    public static final String REJECTED = "constellation_web_rejected";
    public static final String TAG_ENDPOINT = "endpoint";
    public static final String TAG_OUTCOME = "outcome";

    private final Map<Endpoint, Map<Outcome, Counter>> requests = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Timer> apiSeconds = new EnumMap<>(Endpoint.class);
    private final Counter rejected;

    public WebMetrics(MeterRegistry registry) {
        for (Endpoint e : Endpoint.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, Counter.builder(REQUESTS).description("HTTP requests answered, by endpoint and outcome")
                        .tag(TAG_ENDPOINT, e.tag()).tag(TAG_OUTCOME, o.tag()).register(registry));
            }
            requests.put(e, byOutcome);
        }
        for (Endpoint e : new Endpoint[] {Endpoint.SEARCH, Endpoint.PREFETCH}) {
            apiSeconds.put(e, Timer.builder(API_SECONDS).description("Time to answer a search or prefetch request")
                    .tag(TAG_ENDPOINT, e.tag()).publishPercentileHistogram().register(registry));
        }
        rejected = Counter.builder(REJECTED).description("Connections dropped because the request queue was full")
                .register(registry);
    }

    /** Counts one answered request. */
    public void answered(Endpoint endpoint, Outcome outcome) {
        requests.get(endpoint).get(outcome).increment();
    }

    /** Records an API call's time; {@code endpoint} is SEARCH or PREFETCH. */
    public void apiTime(Endpoint endpoint, long nanos) {
        apiSeconds.get(endpoint).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void rejected() {
        rejected.increment();
    }
}
