package io.constellation.cache.search;

import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.cache.search.internal.Channels;
import io.constellation.cache.search.internal.Failover;
import io.constellation.cache.search.internal.Failover.Server;
import io.constellation.cache.search.internal.Futures;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.grpc.Deadline;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The hit path's gateway stage: current availability
 * ({@code constellation.availability.v1.AvailabilityService/GetAvailability}) of as much of
 * a result set as placing the requested page needs.
 *
 * <h2>How much is asked, and why</h2>
 * After the stable partition, the result at final position {@code p} is the p-th available
 * result in historical order when {@code p < A} ({@code A} = how many of ALL results are
 * available), else the {@code (p - A)}-th unavailable one. Counts for a prefix of
 * {@code P} results in historical order show its {@code a} available results, and those
 * are exactly the first {@code a} available results of the whole set, in order: results
 * beyond the prefix come later in historical order, so they can never overtake them. So:
 * <ul>
 *   <li><b>Guarantee:</b> if the prefix holds at least {@code end = min(offset + limit, n)}
 *       available results, every result of the page is at exactly the position asking for
 *       all {@code n} counts would give it.
 *   <li>Otherwise no prefix short of the whole set will do: an unavailable result's
 *       position depends on {@code A}, which only the whole set tells (one more available
 *       result past the prefix moves every unavailable one down by one).
 * </ul>
 * Hence: a page past the end asks nothing; otherwise ask a first prefix of
 * {@code max(firstAsk, 2 * end)} (one call for the usual first pages: historically
 * popular results are mostly available now too); while the prefix cannot place the page,
 * extend it, in one jump to the whole set when the prefix's share of available results
 * says the page most likely lies among the unavailable results, else to twice what that
 * share suggests is needed (at least doubling, so at most ~log2(n / firstAsk) rounds).
 * Every round is split into calls of at most {@code maxIdsPerCall} ids (the gateway takes
 * 100,000), sent in parallel, each to any gateway (rotating, failing over within the
 * deadline). Counts taken in different rounds are moments apart; each is a snapshot of a
 * number that changes anyway.
 *
 * <h2>When no gateway answers</h2>
 * The returned future fails with UNAVAILABLE ("gateway: no gateway answered: ...") or
 * DEADLINE_EXCEEDED, and the stage is counted by {@link StageOutcome}. Proposed fallback
 * for the caller: serve {@link Ranking#historicalPage} (historical order only, current
 * availability left unset) and count it, rather than fail the search: a page that is
 * less well sorted beats none, and the cached result set is unaffected.
 *
 * <p>Never blocks: async stubs; rounds continue on gRPC callback threads. Owns one channel
 * per gateway, closed by {@link #close()}. Thread-safe.
 */
public final class CurrentAvailability implements AutoCloseable {

    /** The gateway's limit per GetAvailability call (availability.proto). */
    public static final int GATEWAY_MAX_IDS = 100_000;

    /** Largest answer accepted: 100,000 counts of up to 5 bytes each, with room. */
    private static final int MAX_ANSWER_BYTES = 4 << 20;

    private final Channels channels;
    private final Failover gateways;
    private final int firstAsk;
    private final int maxIdsPerCall;
    private final SearchStageMetrics metrics;
    private final AtomicInteger rotation = new AtomicInteger();

    /**
     * @param gatewayAddresses "host:port" of every gateway (any may answer)
     * @param attemptTimeout   longest wait for one gateway before another is tried
     * @param firstAsk         the smallest first prefix asked (e.g. 1,000)
     * @param maxIdsPerCall    ids per GetAvailability call, 1 to {@value #GATEWAY_MAX_IDS}
     */
    public CurrentAvailability(List<String> gatewayAddresses, Duration attemptTimeout, int firstAsk, int maxIdsPerCall,
            SearchStageMetrics metrics) {
        if (firstAsk < 1 || maxIdsPerCall < 1 || maxIdsPerCall > GATEWAY_MAX_IDS) {
            throw new IllegalArgumentException("firstAsk must be >= 1 and maxIdsPerCall in 1.." + GATEWAY_MAX_IDS
                    + ", got " + firstAsk + ", " + maxIdsPerCall);
        }
        // Callbacks copy counts into an array and place a page (microseconds, no blocking):
        // run them on the transport threads, as this call sits on every cached search.
        this.channels = new Channels(gatewayAddresses, MAX_ANSWER_BYTES, true);
        this.gateways = new Failover("gateway", "gateway",
                gatewayAddresses.stream().distinct().map(a -> new Server(a, channels.get(a))).toList(),
                attemptTimeout, () -> metrics.failover(Stage.GATEWAY));
        this.firstAsk = firstAsk;
        this.maxIdsPerCall = maxIdsPerCall;
        this.metrics = metrics;
    }

    /**
     * Current availability of enough of {@code idsInHistoricalOrder} to place the page
     * {@code [offset, offset + limit)}, as explained above.
     *
     * @return completes with counts whose {@link CurrentCounts#page} is exact, or
     *         exceptionally with a {@link io.grpc.StatusRuntimeException}
     */
    public CompletableFuture<CurrentCounts> forPage(long[] idsInHistoricalOrder, int offset, int limit,
            Deadline deadline) {
        int n = idsInHistoricalOrder.length;
        if (offset < 0 || limit < 1) {
            throw new IllegalArgumentException("offset must be >= 0 and limit >= 1, got " + offset + ", " + limit);
        }
        if (offset >= n) {
            return CompletableFuture.completedFuture(CurrentCounts.none());
        }
        long start = System.nanoTime();
        int end = (int) Math.min((long) offset + limit, n);
        int first = (int) Math.min(n, Math.max(firstAsk, 2L * end));
        CompletableFuture<CurrentCounts> result = new CompletableFuture<>();
        new Rounds(idsInHistoricalOrder, offset, limit, end, deadline, result).ask(new int[first], 0, first);
        return result.whenComplete((c, e) -> metrics.record(Stage.GATEWAY, start, e));
    }

    /**
     * Current availability of {@code ids[from, to)} into {@code counts[from, to)}, in calls of
     * at most {@code maxIdsPerCall} ids sent in parallel; completes when all have answered.
     */
    public CompletableFuture<Void> counts(long[] ids, int from, int to, int[] counts, Deadline deadline) {
        int calls = (to - from + maxIdsPerCall - 1) / maxIdsPerCall;
        CompletableFuture<?>[] parts = new CompletableFuture<?>[calls];
        int turn = rotation.getAndAdd(calls);
        for (int c = 0; c < calls; c++) {
            int lo = from + c * maxIdsPerCall;
            int hi = Math.min(to, lo + maxIdsPerCall);
            parts[c] = call(ids, lo, hi, deadline, turn + c).thenAccept(r -> {
                for (int k = lo; k < hi; k++) {
                    counts[k] = r.getCounts(k - lo); // a primitive read from the parsed IntList
                }
            });
        }
        return CompletableFuture.allOf(parts);
    }

    private CompletableFuture<GetAvailabilityResponse> call(long[] ids, int lo, int hi, Deadline deadline, int turn) {
        GetAvailabilityRequest.Builder request = GetAvailabilityRequest.newBuilder();
        for (int k = lo; k < hi; k++) {
            request.addTrackIds(ids[k]); // addTrackIds(long) appends to a LongList: no boxing
        }
        GetAvailabilityRequest built = request.build();
        int expected = hi - lo;
        return gateways.call(turn, deadline,
                (channel, d, answer) -> AvailabilityServiceGrpc.newStub(channel).withDeadline(d)
                        .getAvailability(built, answer),
                r -> r.getCountsCount() == expected ? null
                        : "answered " + r.getCountsCount() + " counts for " + expected + " ids");
    }

    /** One forPage call's rounds: each extends the known prefix until it places the page. */
    private final class Rounds {
        private final long[] ids;
        private final int offset;
        private final int limit;
        private final int end;
        private final Deadline deadline;
        private final CompletableFuture<CurrentCounts> result;

        Rounds(long[] ids, int offset, int limit, int end, Deadline deadline, CompletableFuture<CurrentCounts> result) {
            this.ids = ids;
            this.offset = offset;
            this.limit = limit;
            this.end = end;
            this.deadline = deadline;
            this.result = result;
        }

        /** Asks {@code [known, upTo)} into {@code counts}, then decides whether another round is needed. */
        void ask(int[] counts, int known, int upTo) {
            counts(ids, known, upTo, counts, deadline).whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(Futures.unwrap(e));
                } else if (Ranking.placesPage(counts, upTo, ids.length, offset, limit)) {
                    result.complete(new CurrentCounts(counts, upTo));
                } else {
                    int next = nextPrefix(Ranking.countAvailable(counts, upTo), upTo);
                    ask(Arrays.copyOf(counts, next), upTo, next);
                }
            });
        }

        /** How far the next round goes, given {@code available} results in the first {@code known}. */
        private int nextPrefix(int available, int known) {
            int n = ids.length;
            double share = (double) available / known;
            if (share * n < end) {
                return n; // at this share the page lies among the unavailable: only the whole set places it
            }
            long needed = (long) Math.ceil(2.0 * end / share);
            return (int) Math.min(n, Math.max(2L * known, needed));
        }
    }

    /** Closes the channels to the gateways. */
    @Override
    public void close() {
        channels.close();
    }
}
