package io.constellation.cache.search;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Meters of the stages a search goes through on other services: the index fan-out, the
 * catalog rows and the gateway's current availability. Registered once, in the
 * constructor; tag values come from the enums ({@link Stage}, {@link StageOutcome}).
 * Thread-safe: stages record from gRPC callback threads and the catalog executor.
 */
public final class SearchStageMetrics {

    /** Latency of one stage of one search, seconds (histogram), by stage. */
    public static final String STAGE_SECONDS = "constellation_cache_stage_seconds";
    /** Stage calls by stage and outcome. */
    public static final String STAGE_CALLS = "constellation_cache_stage_calls";
    /** A replica (index) or gateway that failed and was replaced by another within the deadline, by stage. */
    public static final String FAILOVERS = "constellation_cache_stage_failovers";

    public static final String TAG_STAGE = "stage";
    public static final String TAG_OUTCOME = "outcome";

    /** The stages, as tag values. */
    public enum Stage {
        INDEX, CATALOG, GATEWAY;

        /** The tag value: lower case. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<Stage, Timer> seconds = new EnumMap<>(Stage.class);
    private final Map<Stage, Counter> failovers = new EnumMap<>(Stage.class);
    private final Map<Stage, Map<StageOutcome, Counter>> calls = new EnumMap<>(Stage.class);

    /** Registers every meter in {@code registry}. */
    public SearchStageMetrics(MeterRegistry registry) {
        for (Stage s : Stage.values()) {
            seconds.put(s, Timer.builder(STAGE_SECONDS).description("Time a search spends in one stage")
                    .tag(TAG_STAGE, s.tag()).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
            failovers.put(s, Counter.builder(FAILOVERS)
                    .description("Calls moved to another replica or gateway after one failed")
                    .tag(TAG_STAGE, s.tag()).register(registry));
            Map<StageOutcome, Counter> byOutcome = new EnumMap<>(StageOutcome.class);
            for (StageOutcome o : StageOutcome.values()) {
                byOutcome.put(o, Counter.builder(STAGE_CALLS).description("Stage calls by outcome")
                        .tag(TAG_STAGE, s.tag()).tag(TAG_OUTCOME, o.tag()).register(registry));
            }
            calls.put(s, byOutcome);
        }
    }

    /** Records one finished stage call that started at {@code startNanos} ({@link System#nanoTime}). */
    public void record(Stage stage, long startNanos, Throwable failure) {
        seconds.get(stage).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
        calls.get(stage).get(StageOutcome.of(failure)).increment();
    }

    /** Counts one failover in {@code stage}. */
    public void failover(Stage stage) {
        failovers.get(stage).increment();
    }

    /** Calls of {@code stage} that ended with {@code outcome} so far (for tests and the demo). */
    public double calls(Stage stage, StageOutcome outcome) {
        return calls.get(stage).get(outcome).count();
    }

    /** Failovers of {@code stage} so far. */
    public double failovers(Stage stage) {
        return failovers.get(stage).count();
    }
}
