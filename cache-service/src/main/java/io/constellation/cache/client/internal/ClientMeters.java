package io.constellation.cache.client.internal;

import static io.constellation.cache.client.SearchClientMetrics.CALLS;
import static io.constellation.cache.client.SearchClientMetrics.FAILOVERS;
import static io.constellation.cache.client.SearchClientMetrics.MARKED_DOWN;
import static io.constellation.cache.client.SearchClientMetrics.NODES;
import static io.constellation.cache.client.SearchClientMetrics.NODES_DOWN;
import static io.constellation.cache.client.SearchClientMetrics.TAG_METHOD;
import static io.constellation.cache.client.SearchClientMetrics.TAG_OUTCOME;

import io.constellation.cache.client.SearchClientMetrics;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meters of {@link SearchClientMetrics}, registered once in the constructor. Counters
 * are looked up in enum maps (no registry lookup per call). Thread-safe.
 */
public final class ClientMeters {

    /** The RPCs, as tag values. */
    public enum Method {
        SEARCH(SearchClientMetrics.METHOD_SEARCH), PREFETCH(SearchClientMetrics.METHOD_PREFETCH);

        final String tag;

        Method(String tag) {
            this.tag = tag;
        }
    }

    /** How a call ended, as tag values. */
    enum Outcome {
        OK(SearchClientMetrics.OUTCOME_OK),
        INVALID_ARGUMENT(SearchClientMetrics.OUTCOME_INVALID_ARGUMENT),
        UNAVAILABLE(SearchClientMetrics.OUTCOME_UNAVAILABLE),
        DEADLINE_EXCEEDED(SearchClientMetrics.OUTCOME_DEADLINE_EXCEEDED),
        OTHER_ERROR(SearchClientMetrics.OUTCOME_OTHER_ERROR);

        final String tag;

        Outcome(String tag) {
            this.tag = tag;
        }

        static Outcome of(Status.Code code) {
            return switch (code) {
                case OK -> OK;
                case INVALID_ARGUMENT -> INVALID_ARGUMENT;
                case UNAVAILABLE -> UNAVAILABLE;
                case DEADLINE_EXCEEDED -> DEADLINE_EXCEEDED;
                default -> OTHER_ERROR;
            };
        }
    }

    private final Map<Method, Map<Outcome, Counter>> calls = new EnumMap<>(Method.class);
    private final Map<Method, Counter> failovers = new EnumMap<>(Method.class);
    private final Counter markedDown;

    /** Registers every meter; the gauges read {@code table}. */
    public ClientMeters(MeterRegistry registry, RoutingTable table) {
        for (Method m : Method.values()) {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, Counter.builder(CALLS).description("Search client calls by outcome")
                        .tag(TAG_METHOD, m.tag).tag(TAG_OUTCOME, o.tag).register(registry));
            }
            calls.put(m, byOutcome);
            failovers.put(m, Counter.builder(FAILOVERS)
                    .description("Calls sent on to the secondary after the primary failed")
                    .tag(TAG_METHOD, m.tag).register(registry));
        }
        markedDown = Counter.builder(MARKED_DOWN).description("Times a cache node was marked down")
                .register(registry);
        Gauge.builder(NODES_DOWN, table, t -> t.peek().downCount())
                .description("Cache nodes marked down now").register(registry);
        Gauge.builder(NODES, table, t -> t.peek().nodes().size())
                .description("Cache nodes configured now").register(registry);
    }

    /** Counts a call of {@code method} that ended with {@code code}. */
    void finished(Method method, Status.Code code) {
        calls.get(method).get(Outcome.of(code)).increment();
    }

    /** Counts a call of {@code method} that was sent on to the secondary. */
    void failover(Method method) {
        failovers.get(method).increment();
    }

    /** Counts a node marked down. */
    void markedDown() {
        markedDown.increment();
    }
}
