package io.constellation.cache.search;

import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.cache.search.internal.Futures;
import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.common.catalog.TrackStore;
import io.grpc.Status;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The miss path's catalog stage: the display fields and historical availability of a
 * merged id list, read in batches ({@link TrackStore#tracksWithStats}) and sorted into
 * the result set's historical order, so a cache hit later needs no database (the seed's
 * "more caching").
 *
 * <p>JDBC blocks, so every fetch runs on {@code executor} (the caller's, sized to the
 * catalog pool; never a gRPC or Netty thread). Thread-safe.
 */
public final class CatalogRows {

    private final TrackStore tracks;
    private final Executor executor;
    private final SearchStageMetrics metrics;

    /** Reads through {@code tracks} on {@code executor}, a pool reserved for blocking catalog work. */
    public CatalogRows(TrackStore tracks, Executor executor, SearchStageMetrics metrics) {
        this.tracks = tracks;
        this.executor = executor;
        this.metrics = metrics;
    }

    /**
     * The rows of {@code ascendingIds} in historical order (availability highest first, ties
     * by id); ids the catalog no longer has are left out.
     *
     * @return completes on the executor, or exceptionally with a
     *         {@link io.grpc.StatusRuntimeException}: UNAVAILABLE when the catalog cannot
     *         be reached (or the executor refuses work), INTERNAL for other catalog errors
     */
    public CompletableFuture<TrackRows> fetch(long[] ascendingIds) {
        long start = System.nanoTime();
        CompletableFuture<TrackRows> result;
        try {
            result = CompletableFuture.supplyAsync(() -> read(ascendingIds), executor);
        } catch (RejectedExecutionException e) {
            result = CompletableFuture.failedFuture(Status.UNAVAILABLE
                    .withDescription("catalog reads are saturated: " + e.getMessage()).asRuntimeException());
        }
        return result.whenComplete((rows, e) -> metrics.record(Stage.CATALOG, start, Futures.unwrap(e)));
    }

    private TrackRows read(long[] ascendingIds) {
        TrackRows.Builder rows = TrackRows.builder(ascendingIds.length);
        try {
            tracks.tracksWithStats(ascendingIds, rows::add);
        } catch (CatalogUnavailableException e) {
            throw Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e).asRuntimeException();
        } catch (CatalogException e) {
            throw Status.INTERNAL.withDescription(e.getMessage()).withCause(e).asRuntimeException();
        }
        return rows.build().inHistoricalOrder();
    }
}
