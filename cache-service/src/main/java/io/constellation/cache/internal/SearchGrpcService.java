package io.constellation.cache.internal;

import io.constellation.cache.internal.CacheMetrics.Outcome;
import io.constellation.cache.internal.CacheMetrics.PrefetchOutcome;
import io.constellation.cache.internal.SearchFlow.Answer;
import io.constellation.cache.internal.SearchFlow.Found;
import io.constellation.cache.internal.SearchFlow.Tier;
import io.constellation.cache.search.PlacedPage;
import io.constellation.cache.store.ResultSet;
import io.constellation.common.search.InvalidQueryException;
import io.constellation.common.search.QueryKey;
import io.constellation.proto.search.v1.PrefetchRequest;
import io.constellation.proto.search.v1.PrefetchResponse;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchResult;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.constellation.proto.search.v1.ServedFrom;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code constellation.search.v1.SearchService} over a {@link SearchFlow}: validates,
 * runs the flow, answers. Handlers never block (validation is CPU only, the flow is
 * asynchronous), so they may run on the transport threads; answers are sent from
 * whichever thread completes the flow. Thread-safe.
 */
public final class SearchGrpcService extends SearchServiceGrpc.SearchServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(SearchGrpcService.class);

    private final SearchFlow flow;
    private final CacheMetrics metrics;
    private final String nodeId;
    private final Duration maxDeadline;

    /** @param maxDeadline the longest a search may take here, whatever the caller's deadline */
    public SearchGrpcService(SearchFlow flow, CacheMetrics metrics, String nodeId, Duration maxDeadline) {
        this.flow = flow;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.maxDeadline = maxDeadline;
    }

    @Override
    public void search(SearchRequest request, StreamObserver<SearchResponse> answer) {
        long start = System.nanoTime();
        QueryKey key;
        try {
            key = QueryKey.of(request.getQuery());
        } catch (InvalidQueryException e) {
            metrics.search(Outcome.INVALID, start);
            answer.onError(SearchErrors.invalid(e.getMessage()));
            return;
        }
        String paging = SearchRequests.pagingProblem(request.getOffset(), request.getLimit());
        if (paging != null) {
            metrics.search(Outcome.INVALID, start);
            answer.onError(SearchErrors.invalid(paging));
            return;
        }
        Context call = Context.current();
        flow.search(key, request.getOffset(), request.getLimit(), deadline()).whenComplete((a, failure) -> {
            if (call.isCancelled()) {
                // The caller's deadline passed or it went away: it saw an error, count one
                // (the result set, if computed, is stored anyway).
                metrics.search(Outcome.ERROR, start);
                return;
            }
            if (failure != null) {
                metrics.search(Outcome.ERROR, start);
                log.debug("search '{}' failed: {}", key.canonical(), failure.toString());
                answer.onError(SearchErrors.toStatus(failure));
                return;
            }
            SearchResponse response = response(a);
            metrics.search(outcome(a.found().tier()), start);
            answer.onNext(response);
            answer.onCompleted();
        });
    }

    @Override
    public void prefetch(PrefetchRequest request, StreamObserver<PrefetchResponse> answer) {
        QueryKey key;
        try {
            key = QueryKey.of(request.getQuery());
        } catch (InvalidQueryException e) {
            metrics.prefetch(PrefetchOutcome.INVALID);
            answer.onError(SearchErrors.invalid(e.getMessage()));
            return;
        }
        flow.prefetch(key).whenComplete((found, failure) -> {
            if (failure != null) {
                metrics.prefetch(PrefetchOutcome.ERROR);
                answer.onError(SearchErrors.toStatus(failure));
                return;
            }
            PrefetchResponse.Builder r = PrefetchResponse.newBuilder().setNodeId(nodeId);
            if (found == null) {
                metrics.prefetch(PrefetchOutcome.DECLINED);
                r.setDeclined(true);
            } else {
                metrics.prefetch(prefetchOutcome(found.tier()));
                r.setServedFrom(servedFrom(found.tier())).setTotal(found.entry().results().size());
            }
            answer.onNext(r.build());
            answer.onCompleted();
        });
    }

    /** The caller's deadline, capped at the node's maximum. */
    private Deadline deadline() {
        Deadline mine = Deadline.after(maxDeadline.toNanos(), TimeUnit.NANOSECONDS);
        Deadline callers = Context.current().getDeadline();
        return callers != null && callers.isBefore(mine) ? callers : mine;
    }

    private SearchResponse response(Answer a) {
        Found found = a.found();
        PlacedPage page = a.page();
        ResultSet rows = found.entry().results();
        SearchResponse.Builder r = SearchResponse.newBuilder()
                .setTotal(page.page().total())
                .setServedFrom(servedFrom(found.tier()))
                .setNodeId(nodeId)
                .setTotalCapped(found.entry().capped())
                .setCurrentAvailabilityUnknown(!page.currentKnown());
        for (int k = 0; k < page.page().size(); k++) {
            int p = page.position(k);
            // The display fields go in as views of the result set's UTF-8: no String is
            // decoded and re-encoded per result on the hit path.
            r.addResults(SearchResult.newBuilder()
                    .setTrackId(rows.trackId(p))
                    .setArtistBytes(rows.artistUtf8(p))
                    .setTitleBytes(rows.titleUtf8(p))
                    .setAlbumBytes(rows.albumUtf8(p))
                    .setHistoricalAvailability(rows.historicalAvailability(p))
                    .setCurrentAvailability(page.currentOf(k)));
        }
        return r.build();
    }

    static ServedFrom servedFrom(Tier tier) {
        return switch (tier) {
            case MEMORY -> ServedFrom.SERVED_FROM_MEMORY;
            case DISK -> ServedFrom.SERVED_FROM_DISK;
            case MISS -> ServedFrom.SERVED_FROM_MISS;
        };
    }

    private static Outcome outcome(Tier tier) {
        return switch (tier) {
            case MEMORY -> Outcome.MEMORY_HIT;
            case DISK -> Outcome.DISK_HIT;
            case MISS -> Outcome.MISS;
        };
    }

    private static PrefetchOutcome prefetchOutcome(Tier tier) {
        return switch (tier) {
            case MEMORY -> PrefetchOutcome.MEMORY_HIT;
            case DISK -> PrefetchOutcome.DISK_HIT;
            case MISS -> PrefetchOutcome.MISS;
        };
    }
}
