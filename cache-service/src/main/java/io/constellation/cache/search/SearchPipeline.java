package io.constellation.cache.search;

import io.grpc.Deadline;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The parts of a search that talk to other services, chained: {@link #miss} builds a
 * result set (index fan-out, then catalog rows sorted by history); {@link #rank} places
 * one page of a result set (from the cache or just built) by current availability. The
 * caching between them (memory, disk, freshness) is the caller's. Owns nothing: the
 * stages are closed by whoever built them. Thread-safe.
 */
public final class SearchPipeline {

    private final IndexFanout index;
    private final CatalogRows catalog;
    private final CurrentAvailability availability;

    public SearchPipeline(IndexFanout index, CatalogRows catalog, CurrentAvailability availability) {
        this.index = index;
        this.catalog = catalog;
        this.availability = availability;
    }

    /**
     * The result set of a query's normalised words: every shard's ids, merged, with their
     * rows from the catalog, in historical order. Fails (StatusRuntimeException) as the
     * stages do: INVALID_ARGUMENT, UNAVAILABLE naming the shard or the catalog,
     * DEADLINE_EXCEEDED; never a partial result set.
     */
    public CompletableFuture<MissResult> miss(List<String> words, Deadline deadline) {
        return index.query(words, deadline).thenCompose(answer -> catalog.fetch(answer.ids())
                .thenApply(r -> new MissResult(r.rows(), answer.generations(), answer.truncated() || r.capped())));
    }

    /**
     * The page {@code [offset, offset + limit)} of {@code rows} (in historical order), ranked
     * by current availability. Fails when no gateway answers in time; the proposed fallback
     * is {@link RankedPage#historicalOnly}.
     */
    public CompletableFuture<RankedPage> rank(TrackRows rows, int offset, int limit, Deadline deadline) {
        return availability.forPage(rows.ids(), offset, limit, deadline)
                .thenApply(c -> new RankedPage(rows, c.page(rows.size(), offset, limit), c.counts()));
    }

    /**
     * As {@link #rank}, for a result set known only by its ids in historical order (a cached
     * one: its display fields stay where they are). Fails as {@link #rank} does; the
     * fallback is {@link PlacedPage#historicalOnly}.
     */
    public CompletableFuture<PlacedPage> place(long[] idsInHistoricalOrder, int offset, int limit, Deadline deadline) {
        return availability.forPage(idsInHistoricalOrder, offset, limit, deadline)
                .thenApply(c -> new PlacedPage(c.page(idsInHistoricalOrder.length, offset, limit), c.counts()));
    }
}
