package io.constellation.cache.client;

/**
 * Names and tags of the meters a {@link SearchClient} registers in the
 * {@link io.micrometer.core.instrument.MeterRegistry} it is given (once, when it is built).
 * Tag values are bounded: the methods and outcomes below. Node ids are deliberately not a
 * tag: membership changes at runtime, and a per-node view belongs to the nodes' own metrics.
 */
public final class SearchClientMetrics {

    /** Finished calls (counter), by {@link #TAG_METHOD} and {@link #TAG_OUTCOME}. */
    public static final String CALLS = "constellation_search_client_calls";
    /** Calls that the query's primary failed and that were sent on to its secondary (counter), by method. */
    public static final String FAILOVERS = "constellation_search_client_failovers";
    /** Times a node was marked down (counter). */
    public static final String MARKED_DOWN = "constellation_search_client_marked_down";
    /** Nodes marked down now (gauge). */
    public static final String NODES_DOWN = "constellation_search_client_nodes_down";
    /** Nodes configured now (gauge). */
    public static final String NODES = "constellation_search_client_nodes";

    /** Tag: {@link #METHOD_SEARCH} or {@link #METHOD_PREFETCH}. */
    public static final String TAG_METHOD = "method";
    /** Tag: {@link #OUTCOME_OK}, {@link #OUTCOME_INVALID_ARGUMENT}, {@link #OUTCOME_UNAVAILABLE},
     *  {@link #OUTCOME_DEADLINE_EXCEEDED} or {@link #OUTCOME_OTHER_ERROR}. */
    public static final String TAG_OUTCOME = "outcome";

    public static final String METHOD_SEARCH = "search";
    public static final String METHOD_PREFETCH = "prefetch";

    public static final String OUTCOME_OK = "ok";
    public static final String OUTCOME_INVALID_ARGUMENT = "invalid_argument";
    public static final String OUTCOME_UNAVAILABLE = "unavailable";
    public static final String OUTCOME_DEADLINE_EXCEEDED = "deadline_exceeded";
    public static final String OUTCOME_OTHER_ERROR = "other_error";

    private SearchClientMetrics() {
    }
}
