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
 * The miss path's catalog stage: ranks a merged id list by historical availability and
 * reads the display rows of the part a result set keeps, so a cache hit later needs no
 * database (the seed's "more caching").
 *
 * <p>Bounded cost: a common word matches a large part of the catalog (1.6 million of 5
 * million tracks), and reading the display row of every match made such a miss take
 * seconds (bench/results/cache.md, 2026-11-25: catalog p99 7.2 s) for a user who looks at
 * the first pages. So a result set holds at most {@code maxRows} results, as the seed's
 * ranking would place them: when more ids match, only their historical availability is
 * taken, from the node's in-memory {@link HistoryTable} (or, until it is loaded, from
 * {@link TrackStore#historicalAvailability}, one narrow column of {@code track_stats}: on 5
 * million tracks that read alone still cost 238 ms of CPU a search against 114 ms with the
 * table, bench/results/cache.md 2026-11-26), all of them are sorted by it (highest first,
 * ties by id), and display rows are read for the first {@code maxRows} only; the result set is
 * then marked capped (the proto's {@code total_capped}) and the tracks left out are those
 * with the lowest historical availability. A hit's stable partition by current
 * availability works within the kept set: a track past the cap that is available now is
 * not shown, which is the price of the bound (a user does not page through 10,000
 * results). A match list within the cap is read in one pass (display rows and history
 * together), as before.
 *
 * <p>Why a cap rather than display rows for the top N plus lazy reads of deeper rows: a
 * page's results can come from any historical position (an available track deep in the
 * order moves to page one), so lazily read rows would be needed on hits too, putting the
 * database back on the hit path the cache exists to keep free of it; the cap keeps hits
 * database-free with an unchanged file format, and ranking every match before cutting
 * keeps the kept part exactly the seed's top of the ranking.
 *
 * <p>JDBC blocks, so every read runs on {@code executor} (the caller's, sized to the
 * catalog pool; never a gRPC or Netty thread). A long id list is cut into slices of
 * {@code sliceIds} read in parallel on that executor (one connection each), since one
 * connection reads a large result set one IN list after another. The returned future
 * completes on an executor thread. Thread-safe.
 */
public final class CatalogRows {

    /** A slice size that keeps a slice at a few dozen IN lists. */
    public static final int DEFAULT_SLICE_IDS = 20 * TrackStore.IN_LIST_MAX;
    /**
     * Results a result set keeps by default: the seed's "many thousands of rows", 500 pages
     * of 20; display rows of 10,000 tracks are about ten IN lists.
     */
    public static final int DEFAULT_MAX_ROWS = 10_000;

    /**
     * A result set's rows and whether the match list was cut to fit.
     *
     * @param rows   in historical order
     * @param capped whether more ids matched than {@code rows} was allowed to hold
     */
    public record Ranked(TrackRows rows, boolean capped) {
    }

    private final TrackStore tracks;
    private final HistoryTable history;
    private final Executor executor;
    private final int sliceIds;
    private final int maxRows;
    private final SearchStageMetrics metrics;

    /**
     * Reads through {@code tracks} on {@code executor}, a pool reserved for blocking catalog
     * work, in slices of at most {@code sliceIds} ids (e.g. {@link #DEFAULT_SLICE_IDS}),
     * keeping at most {@code maxRows} results (e.g. {@link #DEFAULT_MAX_ROWS}).
     */
    public CatalogRows(TrackStore tracks, Executor executor, int sliceIds, int maxRows, SearchStageMetrics metrics) {
        this(tracks, null, executor, sliceIds, maxRows, metrics);
    }

    /**
     * As {@link #CatalogRows(TrackStore, Executor, int, int, SearchStageMetrics)}, ranking long
     * match lists by {@code history} once it is loaded (null: always the catalog).
     */
    public CatalogRows(TrackStore tracks, HistoryTable history, Executor executor, int sliceIds, int maxRows,
            SearchStageMetrics metrics) {
        if (sliceIds < 1 || maxRows < 1) {
            throw new IllegalArgumentException("slice and result set must hold at least one id, got " + sliceIds
                    + ", " + maxRows);
        }
        this.tracks = tracks;
        this.history = history;
        this.executor = executor;
        this.sliceIds = sliceIds;
        this.maxRows = maxRows;
        this.metrics = metrics;
    }

    /**
     * The rows of {@code ascendingIds} in historical order (availability highest first, ties
     * by id), the first {@code maxRows} of them when more match; ids the catalog no longer
     * has are left out.
     *
     * @return completes on the executor, or exceptionally with a
     *         {@link io.grpc.StatusRuntimeException}: UNAVAILABLE when the catalog cannot
     *         be reached (or the executor refuses work), INTERNAL for other catalog errors
     */
    public CompletableFuture<Ranked> fetch(long[] ascendingIds) {
        long start = System.nanoTime();
        CompletableFuture<Ranked> result = ascendingIds.length <= maxRows
                ? rows(ascendingIds).thenApply(rows -> new Ranked(rows, false))
                : history(ascendingIds).thenCompose(h -> rows(topIds(ascendingIds, h)))
                        .thenApply(rows -> new Ranked(rows, true));
        return result.whenComplete((rows, e) -> metrics.record(Stage.CATALOG, start, Futures.unwrap(e)));
    }

    /** Display rows and history of {@code ascendingIds}, sliced, in historical order. */
    private CompletableFuture<TrackRows> rows(long[] ascendingIds) {
        List<CompletableFuture<TrackRows>> parts = sliced(ascendingIds, (slice, from) -> read(slice));
        // Slices cover ascending, disjoint id ranges in order: concatenated they are the rows
        // in id order, which the historical sort then reorders once.
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0]))
                .thenApply(v -> TrackRows.concat(parts.stream().map(CompletableFuture::join).toList())
                        .inHistoricalOrder());
    }

    /** The historical availability of every id, in id order (each slice fills its range). */
    private CompletableFuture<double[]> history(long[] ascendingIds) {
        double[] values = new double[ascendingIds.length];
        if (history != null && history.loaded()) {
            // On the executor: the sort that follows takes ~0.1 s of CPU for a million ids,
            // which must not run on the gRPC thread that completed the index stage.
            return async(() -> history.fill(ascendingIds, values) ? values : null)
                    .thenCompose(v -> v != null ? CompletableFuture.completedFuture(v) : fromCatalog(ascendingIds, values));
        }
        return fromCatalog(ascendingIds, values);
    }

    /** The historical availability of every id read from the catalog, sliced, into {@code values}. */
    private CompletableFuture<double[]> fromCatalog(long[] ascendingIds, double[] values) {
        List<CompletableFuture<double[]>> parts = sliced(ascendingIds, (slice, from) -> {
            double[] part = new double[slice.length];
            catalog(() -> tracks.historicalAvailability(slice, part));
            System.arraycopy(part, 0, values, from, part.length);
            return part;
        });
        return CompletableFuture.allOf(parts.toArray(new CompletableFuture<?>[0])).thenApply(v -> values);
    }

    /**
     * The ids of the first {@code maxRows} in historical order, ascending (for the IN lists).
     * The full sort (not a partial selection) keeps ties at the cut decided exactly as the
     * ranking decides them; at ~85 ns a row it is small next to the reads.
     */
    private long[] topIds(long[] ascendingIds, double[] values) {
        int[] order = Ranking.historicalOrder(ascendingIds, values, ascendingIds.length);
        long[] top = new long[maxRows];
        for (int k = 0; k < maxRows; k++) {
            top[k] = ascendingIds[order[k]];
        }
        Arrays.sort(top);
        return top;
    }

    /** Runs {@code read} on each slice of {@code ids} on the executor, in parallel. */
    private <T> List<CompletableFuture<T>> sliced(long[] ids, SliceRead<T> read) {
        int slices = Math.max(1, (ids.length + sliceIds - 1) / sliceIds);
        List<CompletableFuture<T>> parts = new ArrayList<>(slices);
        for (int s = 0; s < slices; s++) {
            int from = s * sliceIds;
            int to = Math.min(ids.length, from + sliceIds);
            long[] slice = from == 0 && to == ids.length ? ids : Arrays.copyOfRange(ids, from, to);
            parts.add(async(() -> read.read(slice, from)));
        }
        return parts;
    }

    /** Reads one slice of an id list, {@code from} being where it starts in the whole list. */
    @FunctionalInterface
    private interface SliceRead<T> {
        T read(long[] slice, int from);
    }

    private <T> CompletableFuture<T> async(java.util.function.Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, executor);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE
                    .withDescription("catalog reads are saturated: " + e.getMessage()).asRuntimeException());
        }
    }

    private TrackRows read(long[] ascendingIds) {
        TrackRows.Builder rows = TrackRows.builder(ascendingIds.length);
        catalog(() -> tracks.tracksWithStats(ascendingIds, rows::add));
        return rows.build();
    }

    /** Runs a catalog read, its failures as gRPC statuses. */
    private static void catalog(Runnable read) {
        try {
            read.run();
        } catch (CatalogUnavailableException e) {
            throw Status.UNAVAILABLE.withDescription(e.getMessage()).withCause(e).asRuntimeException();
        } catch (CatalogException e) {
            throw Status.INTERNAL.withDescription(e.getMessage()).withCause(e).asRuntimeException();
        }
    }
}
