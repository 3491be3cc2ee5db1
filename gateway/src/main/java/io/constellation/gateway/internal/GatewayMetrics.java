package io.constellation.gateway.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The gateway's meters, registered once when the server is built. Names follow Prometheus
 * conventions (counters gain {@code _total} on export); tags have fixed value sets (the
 * enums below), never server ids or track ids. Thread-safe: look-ups record from gRPC
 * threads, the feed loop and the historical job from their own.
 */
public final class GatewayMetrics {

    public static final String SERVERS_REPORTING = "constellation_gateway_servers_reporting";
    public static final String TRACKS_AVAILABLE = "constellation_gateway_tracks_available";
    public static final String STREAMS_OPEN = "constellation_gateway_feed_streams_open";
    public static final String LOOKUPS = "constellation_gateway_lookups";
    public static final String LOOKUP_IDS = "constellation_gateway_lookup_ids";
    public static final String LOCATES = "constellation_gateway_locates";
    public static final String DELTAS_APPLIED = "constellation_gateway_deltas_applied";
    public static final String DELTA_CHANGES_APPLIED = "constellation_gateway_delta_changes_applied";
    public static final String SNAPSHOTS_APPLIED = "constellation_gateway_snapshots_applied";
    public static final String WITHDRAWALS = "constellation_gateway_withdrawals";
    public static final String NEGATIVE_COUNTS_CLAMPED = "constellation_gateway_negative_counts_clamped";
    public static final String STREAM_ERRORS = "constellation_gateway_feed_stream_errors";
    public static final String HISTORICAL_RUNS = "constellation_gateway_historical_runs";
    public static final String HISTORICAL_RUN_SECONDS = "constellation_gateway_historical_run_seconds";
    public static final String HISTORICAL_TRACKS_UPDATED = "constellation_gateway_historical_tracks_updated";

    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_REASON = "reason";

    /** How a look-up ({@code GetAvailability} or {@code LocateSources}) ended. */
    public enum LookupOutcome { OK, INVALID, UNAVAILABLE }

    /** Why a feed stream ended abnormally. */
    public enum StreamError {
        /** A message the protocol does not allow here (no hello first, a delta before the snapshot). */
        OUT_OF_ORDER,
        /** A delta whose sequence is not the next one. */
        SEQUENCE_GAP,
        /** A malformed message: bad ids or counts, arrays of different lengths, no server id. */
        INVALID_MESSAGE,
        /** Closed because a newer stream of the same server arrived. */
        SUPERSEDED,
        /** Refused because a newer incarnation of the same server has a stream open. */
        STALE_INCARNATION,
        /** The peer cancelled or the connection broke. */
        BROKEN,
        /** Closed because the gateway is shutting down. */
        SHUTDOWN
    }

    /** How a historical job attempt ended. */
    public enum RunOutcome { COMPLETED, ALREADY_DONE, BUSY, LOST_LEASE, FAILED }

    private final Map<LookupOutcome, Counter> lookups = new EnumMap<>(LookupOutcome.class);
    private final Map<LookupOutcome, Counter> locates = new EnumMap<>(LookupOutcome.class);
    private final Map<StreamError, Counter> streamErrors = new EnumMap<>(StreamError.class);
    private final Map<RunOutcome, Counter> runs = new EnumMap<>(RunOutcome.class);
    private final DistributionSummary lookupIds;
    private final Counter deltas;
    private final Counter deltaChanges;
    private final Counter snapshots;
    private final Counter withdrawals;
    private final Counter clamped;
    private final Timer runSeconds;
    private final Counter tracksUpdated;

    public GatewayMetrics(MeterRegistry registry) {
        for (LookupOutcome o : LookupOutcome.values()) {
            lookups.put(o, Counter.builder(LOOKUPS).description("GetAvailability calls by outcome")
                    .tag(TAG_OUTCOME, tag(o)).register(registry));
            locates.put(o, Counter.builder(LOCATES).description("LocateSources calls by outcome")
                    .tag(TAG_OUTCOME, tag(o)).register(registry));
        }
        for (StreamError e : StreamError.values()) {
            streamErrors.put(e, Counter.builder(STREAM_ERRORS).description("Availability feed streams ended abnormally")
                    .tag(TAG_REASON, tag(e)).register(registry));
        }
        for (RunOutcome o : RunOutcome.values()) {
            runs.put(o, Counter.builder(HISTORICAL_RUNS).description("Historical availability job attempts by outcome")
                    .tag(TAG_OUTCOME, tag(o)).register(registry));
        }
        lookupIds = DistributionSummary.builder(LOOKUP_IDS).description("Track ids per GetAvailability call")
                .baseUnit("ids").publishPercentileHistogram().maximumExpectedValue(100_000.0).register(registry);
        deltas = Counter.builder(DELTAS_APPLIED).description("Delta messages applied from satellite servers")
                .register(registry);
        deltaChanges = Counter.builder(DELTA_CHANGES_APPLIED).description("Per-track changes applied from deltas")
                .register(registry);
        snapshots = Counter.builder(SNAPSHOTS_APPLIED).description("Complete snapshots applied from satellite servers")
                .register(registry);
        withdrawals = Counter.builder(WITHDRAWALS)
                .description("Contributions withdrawn after a server's stream stayed away past the grace period")
                .register(registry);
        clamped = Counter.builder(NEGATIVE_COUNTS_CLAMPED)
                .description("Delta changes that would have made a server's count negative (a sender bug), clamped to 0")
                .register(registry);
        runSeconds = Timer.builder(HISTORICAL_RUN_SECONDS).description("Duration of historical job attempts")
                .register(registry);
        tracksUpdated = Counter.builder(HISTORICAL_TRACKS_UPDATED)
                .description("Tracks whose historical availability the job updated").baseUnit("tracks").register(registry);
    }

    /** Registers the gauges read from the live state; called once by the server. */
    public void bindState(MeterRegistry registry, Supplier<Number> serversReporting, Supplier<Number> tracksAvailable,
                          Supplier<Number> streamsOpen) {
        Gauge.builder(SERVERS_REPORTING, serversReporting).description("Satellite servers whose counts are included")
                .register(registry);
        Gauge.builder(TRACKS_AVAILABLE, tracksAvailable).description("Tracks shared by at least one online satellite")
                .baseUnit("tracks").register(registry);
        Gauge.builder(STREAMS_OPEN, streamsOpen).description("Availability feed streams open").register(registry);
    }

    public void lookup(LookupOutcome outcome, int ids) {
        lookups.get(outcome).increment();
        if (outcome == LookupOutcome.OK) {
            lookupIds.record(ids);
        }
    }

    public void locate(LookupOutcome outcome) {
        locates.get(outcome).increment();
    }

    public void streamError(StreamError reason) {
        streamErrors.get(reason).increment();
    }

    public void deltaApplied(int changes) {
        deltas.increment();
        deltaChanges.increment(changes);
    }

    public void snapshotApplied() {
        snapshots.increment();
    }

    public void withdrawal() {
        withdrawals.increment();
    }

    public void negativeClamped() {
        clamped.increment();
    }

    public void historicalRun(RunOutcome outcome, long nanos, long tracks) {
        runs.get(outcome).increment();
        runSeconds.record(nanos, TimeUnit.NANOSECONDS);
        tracksUpdated.increment(tracks);
    }

    private static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
