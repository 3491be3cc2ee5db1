package io.constellation.cache.search;

import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.cache.search.internal.Futures;
import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.common.catalog.TrackStore;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * catalog pool; never a gRPC or Netty thread). A long id list is cut into slices of
 * {@code sliceIds} read in parallel on that executor (one connection each), since one
 * connection reads a large result set one IN list after another. The returned future
 * completes on an executor thread. Thread-safe.
 */
public final class CatalogRows {

    /** A slice size that keeps a slice at a few dozen IN lists. */
    public static final int DEFAULT_SLICE_IDS = 20 * TrackStore.IN_LIST_MAX;

    private final TrackStore tracks;
    private final Executor executor;
    private final int sliceIds;
    private final SearchStageMetrics metrics;

    /**
     * Reads through {@code tracks} on {@code executor}, a pool reserved for blocking catalog
     * work, in slices of at most {@code sliceIds} ids (e.g. {@link #DEFAULT_SLICE_IDS}).
     */
    public CatalogRows(TrackStore tracks, Executor executor, int sliceIds, SearchStageMetrics metrics) {
        if (sliceIds < 1) {
            throw new IllegalArgumentException("slice must hold at least one id, got " + sliceIds);
        }
        this.tracks = tracks;
        this.executor = executor;
        this.sliceIds = sliceIds;
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
        int slices = Math.max(1, (ascendingIds.length + sliceIds - 1) / sliceIds);
        List<CompletableFuture<TrackRows>> parts = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = s * sliceIds;
            int to = Math.min(ascendingIds.length, from + sliceIds);
            parts.add(readAsync(ascendingIds, from, to));
        }
        // Slices cover ascending, disjoint id ranges in order: concatenated they are the rows
        // in id order, which the historical sort then reorders once.
        CompletableFuture<TrackRows> result = CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> TrackRows.concat(parts.stream().map(CompletableFuture::join).toList())
                        .inHistoricalOrder());
        return result.whenComplete((rows, e) -> metrics.record(Stage.CATALOG, start, Futures.unwrap(e)));
    }

    private CompletableFuture<TrackRows> readAsync(long[] ids, int from, int to) {
        try {
            long[] slice = from == 0 && to == ids.length ? ids : Arrays.copyOfRange(ids, from, to);
            return CompletableFuture.supplyAsync(() -> read(slice), executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE
                    .withDescription("catalog reads are saturated: " + e.getMessage()).asRuntimeException());
        }
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
        return rows.build();
    }
}
