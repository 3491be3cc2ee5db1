package io.constellation.cache.internal;

import io.constellation.cache.search.MissResult;
import io.constellation.cache.search.PlacedPage;
import io.constellation.cache.search.SearchPipeline;
import io.constellation.cache.search.internal.Futures;
import io.constellation.cache.store.CacheEntry;
import io.constellation.cache.store.ReadOutcome;
import io.constellation.cache.store.TieredCache;
import io.constellation.cache.store.TieredCache.DiskLookup;
import io.constellation.cache.store.WriteOutcome;
import io.constellation.common.search.QueryKey;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cache node's search, tier by tier: memory, then disk, then a miss (index shards and
 * catalog through {@link SearchPipeline#miss}, stored in memory and on disk); then, on every
 * access, the page placed by current availability ({@link SearchPipeline#place}).
 *
 * <p>Threads: memory look-ups run on the caller's thread (non-blocking); disk reads and
 * writes on {@code io} (blocking file I/O, never a gRPC or Netty thread); the miss's
 * stages on their own executors and gRPC callback threads. Concurrent misses of one query
 * share one computation ({@link #inflight}). Thread-safe.
 *
 * <p>Index generation: a node learns the index's generation only from the answers of its
 * misses (the sum of the shards' generations); {@link #generation} is the highest seen, and
 * an entry computed from an older one is served only within the freshness rule's short
 * grace. A node that has had no miss since it started knows no generation (0) and judges
 * its disk entries by age alone until its first miss.
 */
public final class SearchFlow {

    private static final Logger log = LoggerFactory.getLogger(SearchFlow.class);

    /** Where a result set was found. */
    public enum Tier { MEMORY, DISK, MISS }

    /** A result set and where it came from. */
    public record Found(CacheEntry entry, Tier tier) {
    }

    /** A found result set with one page of it placed. */
    public record Answer(Found found, PlacedPage page) {
    }

    private final TieredCache cache;
    private final SearchPipeline pipeline;
    private final Executor io;
    private final CacheMetrics metrics;
    private final Clock clock;
    private final Duration gatewayBudget;
    private final Duration missDeadline;
    private final int maxPrefetchMisses;
    /** Misses being computed, by query: the first search of a query computes, later ones join it. */
    private final ConcurrentHashMap<QueryKey, CompletableFuture<CacheEntry>> inflight = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();

    /**
     * @param io                blocking file I/O runs here
     * @param gatewayBudget     longest the current-availability look-up of one access may take
     * @param missDeadline      longest a miss's computation may take, whatever its first caller's deadline
     * @param maxPrefetchMisses misses in flight above which a prefetch declines to start one
     */
    public SearchFlow(TieredCache cache, SearchPipeline pipeline, Executor io, CacheMetrics metrics, Clock clock,
            Duration gatewayBudget, Duration missDeadline, int maxPrefetchMisses) {
        this.cache = cache;
        this.pipeline = pipeline;
        this.io = io;
        this.metrics = metrics;
        this.clock = clock;
        this.gatewayBudget = gatewayBudget;
        this.missDeadline = missDeadline;
        this.maxPrefetchMisses = maxPrefetchMisses;
    }

    /**
     * The page {@code [offset, offset + limit)} of {@code key}'s results (arguments already
     * validated). Completes exceptionally with a {@link io.grpc.StatusRuntimeException}.
     */
    public CompletableFuture<Answer> search(QueryKey key, int offset, int limit, Deadline deadline) {
        return find(key, false).thenCompose(found -> place(found, offset, limit, deadline));
    }

    /**
     * Brings {@code key}'s result set into memory, computing it if needed; completes with
     * null when declined (too many misses in flight already).
     */
    public CompletableFuture<Found> prefetch(QueryKey key) {
        return find(key, true);
    }

    private CompletableFuture<Found> find(QueryKey key, boolean mayDecline) {
        long now = clock.millis();
        long current = generation.get();
        CacheEntry hot = cache.fromMemory(key, now, current);
        if (hot != null) {
            return CompletableFuture.completedFuture(new Found(hot, Tier.MEMORY));
        }
        CompletableFuture<CacheEntry> running = inflight.get(key);
        if (running != null) {
            // Being computed: join it without reading a file the computation will replace.
            metrics.coalesced();
            return running.thenApply(e -> new Found(e, Tier.MISS));
        }
        return onIo(() -> cache.fromDisk(key, now, current)).thenCompose(lookup -> {
            if (lookup instanceof DiskLookup.Found f) {
                return CompletableFuture.completedFuture(new Found(f.entry(), Tier.DISK));
            }
            DiskLookup.Miss miss = (DiskLookup.Miss) lookup;
            count(key, miss);
            if (mayDecline && inflight.size() >= maxPrefetchMisses && !inflight.containsKey(key)) {
                return CompletableFuture.completedFuture(null);
            }
            return compute(key, replacedBytes(miss)).thenApply(e -> new Found(e, Tier.MISS));
        });
    }

    /** Counts and logs a disk miss an operator should know about (damaged or unreadable file). */
    private void count(QueryKey key, DiskLookup.Miss miss) {
        if (miss.outcome() instanceof ReadOutcome.Corrupt c) {
            metrics.corruptFile(c.kind());
            log.warn("result file {} of '{}' is damaged ({}: {}): recomputing", c.file(), key.canonical(), c.kind(),
                    c.detail());
        } else if (miss.outcome() instanceof ReadOutcome.Failed f) {
            metrics.readFailure();
            log.warn("result file {} of '{}' cannot be read: {}: recomputing", f.file(), key.canonical(),
                    f.cause().toString());
        }
    }

    /** Bytes of the file the write will replace: -1 none, 0 unknown. */
    private static long replacedBytes(DiskLookup.Miss miss) {
        if (miss.outcome() instanceof ReadOutcome.Absent) {
            return -1;
        }
        return miss.outcome() instanceof ReadOutcome.Hit h ? h.fileBytes() : 0;
    }

    /**
     * The query's result set, computed once however many searches ask at the same time. The
     * node's own {@code missDeadline} bounds the computation, not its first caller's: a caller
     * whose deadline is too short for a miss gets DEADLINE_EXCEEDED from gRPC, but the result
     * set is still computed and stored, so its retry (or the next user) is a hit instead of
     * another miss that times out the same way.
     */
    private CompletableFuture<CacheEntry> compute(QueryKey key, long replacedBytes) {
        Deadline deadline = Deadline.after(missDeadline.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<CacheEntry> mine = new CompletableFuture<>();
        CompletableFuture<CacheEntry> running = inflight.putIfAbsent(key, mine);
        if (running != null) {
            metrics.coalesced();
            return running;
        }
        // A computation that finished between our disk read and putIfAbsent left its entry in memory.
        CacheEntry justStored = cache.fromMemory(key, clock.millis(), generation.get());
        CompletableFuture<CacheEntry> work = justStored != null ? CompletableFuture.completedFuture(justStored)
                : detached(() -> pipeline.miss(key.words(), deadline))
                        .thenApplyAsync(result -> store(key, result, replacedBytes), io);
        work.whenComplete((entry, failure) -> {
            inflight.remove(key, mine);
            if (failure != null) {
                mine.completeExceptionally(Futures.unwrap(failure));
            } else {
                mine.complete(entry);
            }
        });
        return mine;
    }

    /**
     * Starts {@code work} outside the calling search's gRPC Context: outgoing gRPC calls
     * inherit the current Context's cancellation and deadline, and a shared computation
     * must not end because the one caller that happened to start it went away.
     */
    private static <T> CompletableFuture<T> detached(Supplier<CompletableFuture<T>> work) {
        Context forked = Context.current().fork();
        Context previous = forked.attach();
        try {
            return work.get();
        } finally {
            forked.detach(previous);
        }
    }

    /** Makes the entry of a computed result set and stores it (memory, then disk). On {@code io}. */
    private CacheEntry store(QueryKey key, MissResult result, long replacedBytes) {
        long sum = 0;
        for (long g : result.generations()) {
            sum += g;
        }
        long indexGeneration = sum;
        generation.accumulateAndGet(indexGeneration, Math::max);
        CacheEntry entry = new CacheEntry(key, indexGeneration, clock.millis(), result.truncated(),
                Entries.resultSet(result.rows()));
        WriteOutcome written = cache.store(entry);
        if (written instanceof WriteOutcome.Written w) {
            metrics.fileWritten(w.bytes(), replacedBytes);
        } else if (written instanceof WriteOutcome.Failed f) {
            // Served uncached (from memory while it stays there): the search must not fail
            // because the cache cannot keep its answer.
            if (f.diskFull()) {
                metrics.diskFull();
            } else {
                metrics.writeFailure();
            }
            log.warn("result file {} of '{}' not written ({}): serving it uncached", f.file(), key.canonical(),
                    f.diskFull() ? "disk full" : f.cause().toString());
        }
        return entry;
    }

    /**
     * Places the page by current availability. When no gateway answers within the budget,
     * the page is served in historical order with current availability unknown, and counted:
     * the result set is intact, a less well sorted page beats an error, and the gateways
     * (stateless aggregators) are usually back within seconds. Failing instead would turn a
     * gateway outage into a search outage.
     */
    private CompletableFuture<Answer> place(Found found, int offset, int limit, Deadline deadline) {
        long[] ids = found.entry().results().trackIdsView();
        Deadline budget = Deadline.after(gatewayBudget.toNanos(), TimeUnit.NANOSECONDS);
        Deadline gatewayDeadline = deadline.isBefore(budget) ? deadline : budget;
        return pipeline.place(ids, offset, limit, gatewayDeadline).handle((page, failure) -> {
            if (failure == null) {
                return new Answer(found, page);
            }
            metrics.gatewayFallback();
            log.debug("no current availability ({}): page in historical order", Futures.unwrap(failure).toString());
            return new Answer(found, PlacedPage.historicalOnly(ids.length, offset, limit));
        });
    }

    /** Runs blocking file work on {@code io}; a refused task (shutting down) fails UNAVAILABLE. */
    private <T> CompletableFuture<T> onIo(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, io);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(Status.UNAVAILABLE
                    .withDescription("cache node is shutting down: ask the query's secondary node").asRuntimeException());
        }
    }

    /** Misses being computed now (for tests). */
    public int missesInFlight() {
        return inflight.size();
    }
}
