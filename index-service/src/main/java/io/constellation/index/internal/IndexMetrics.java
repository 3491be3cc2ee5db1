package io.constellation.index.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The index service's meters, registered once when the server is built. Names follow
 * Prometheus conventions; the only tag, {@code outcome}, has a fixed set of values.
 * Thread-safe: queries record from gRPC threads, the follower from its own.
 */
public final class IndexMetrics {

    public static final String TRACKS_INDEXED = "constellation_index_tracks_indexed";
    public static final String QUERIES = "constellation_index_queries";
    public static final String QUERY_SECONDS = "constellation_index_query_seconds";
    public static final String QUERY_RESULTS = "constellation_index_query_results";
    public static final String MERGE_SECONDS = "constellation_index_merge_seconds";
    public static final String CATALOG_LAG = "constellation_index_catalog_lag_tracks";
    public static final String CATALOG_ERRORS = "constellation_index_catalog_errors";
    public static final String REBUILDS = "constellation_index_rebuilds";
    public static final String GENERATION = "constellation_index_generation";
    public static final String INDEX_BYTES = "constellation_index_bytes";
    public static final String TAG_OUTCOME = "outcome";

    /** How a query ended: the values of the {@code outcome} tag. */
    public enum Outcome {
        HIT("hit"), EMPTY("empty"), INVALID("invalid"), UNAVAILABLE("unavailable"), ERROR("error");

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }
    }

    private final Map<Outcome, Counter> queries = new EnumMap<>(Outcome.class);
    private final Timer querySeconds;
    private final DistributionSummary queryResults;
    private final Timer mergeSeconds;
    private final Counter catalogErrors;
    private final Counter rebuilds;
    private final AtomicLong tracksIndexed = new AtomicLong();
    private final AtomicLong catalogLag = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicLong indexBytes = new AtomicLong();

    public IndexMetrics(MeterRegistry registry) {
        for (Outcome o : Outcome.values()) {
            queries.put(o, Counter.builder(QUERIES).description("Index queries by outcome")
                    .tag(TAG_OUTCOME, o.tag).register(registry));
        }
        querySeconds = Timer.builder(QUERY_SECONDS).description("Time to answer one index query")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
        queryResults = DistributionSummary.builder(QUERY_RESULTS).description("Matching tracks per query")
                .baseUnit("tracks").register(registry);
        mergeSeconds = Timer.builder(MERGE_SECONDS)
                .description("Time to fold the in-memory lists into the main index and save it")
                .register(registry);
        catalogErrors = Counter.builder(CATALOG_ERRORS).description("Failed attempts to read the catalog")
                .register(registry);
        rebuilds = Counter.builder(REBUILDS).description("Full index rebuilds from the catalog")
                .register(registry);
        Gauge.builder(TRACKS_INDEXED, tracksIndexed, AtomicLong::get)
                .description("Tracks this shard answers for").baseUnit("tracks").register(registry);
        Gauge.builder(CATALOG_LAG, catalogLag, AtomicLong::get)
                .description("Newest catalog track id minus newest indexed track id").register(registry);
        Gauge.builder(GENERATION, generation, AtomicLong::get)
                .description("Index generation: grows with every applied change").register(registry);
        Gauge.builder(INDEX_BYTES, indexBytes, AtomicLong::get)
                .description("Size of the main index's posting lists and dictionary").baseUnit("bytes")
                .register(registry);
    }

    public void query(Outcome outcome, long nanos, long results) {
        queries.get(outcome).increment();
        querySeconds.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (outcome == Outcome.HIT || outcome == Outcome.EMPTY) {
            queryResults.record(results);
        }
    }

    public void merge(long nanos) {
        mergeSeconds.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void catalogError() {
        catalogErrors.increment();
    }

    public void rebuild() {
        rebuilds.increment();
    }

    public void state(long tracks, long generationNow, long bytes) {
        tracksIndexed.set(tracks);
        generation.set(generationNow);
        indexBytes.set(bytes);
    }

    public void catalogLag(long lag) {
        catalogLag.set(Math.max(0, lag));
    }
}
