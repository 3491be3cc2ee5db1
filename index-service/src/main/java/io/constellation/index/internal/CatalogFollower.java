package io.constellation.index.internal;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.IndexUpdate;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.index.Doc;
import io.constellation.index.IndexServerConfig;
import io.constellation.index.IndexState;
import io.constellation.index.IndexStore;
import io.constellation.index.Segment;
import io.constellation.index.SegmentBuilder;
import io.constellation.index.ShardLayout;
import io.constellation.index.Snapshot;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.longs.LongOpenHashSet;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one shard's index in step with the catalog, on a single thread of its own (the
 * index's only writer).
 *
 * <p>Start-up: load the saved index if its checkpoint and checksums hold, else rebuild
 * from the catalog (retrying with backoff while the catalog is down; the shard stays
 * NOT_SERVING meanwhile). Then every poll interval: read the tracks added since the last
 * id seen, then the {@code index_updates} rows since the last update id seen, and apply
 * them as in-memory lists; merge those into the main index and save a checkpoint when
 * they grow past the threshold or get old. When the catalog is lost, the shard keeps
 * answering from what it has and catches up once the catalog answers again.
 */
public final class CatalogFollower implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogFollower.class);

    private final IndexServerConfig config;
    private final ShardLayout layout;
    private final Catalog catalog;
    private final TrackStore tracks;
    private final IndexStore store;
    private final IndexMetrics metrics;
    private final Consumer<Boolean> servingListener;
    private final ScheduledExecutorService thread;
    private final SplittableRandom jitter = new SplittableRandom();
    private final AtomicReference<IndexState> state = new AtomicReference<>();

    // Owned by the follower thread; lastTrackId is also read by queries, hence volatile.
    private volatile long lastTrackId;
    private long lastUpdateId;
    private long lastMergeNanos;
    private int failures;
    private boolean schemaChecked;

    /**
     * @param servingListener told {@code true} once the index is loaded (from any thread of
     *                        the follower's own); it is never told {@code false} again,
     *                        since a loaded shard keeps answering when the catalog is lost
     */
    public CatalogFollower(IndexServerConfig config, Catalog catalog, IndexMetrics metrics,
                           Consumer<Boolean> servingListener) {
        this.config = config;
        this.layout = new ShardLayout(config.shard(), config.shardCount());
        this.catalog = catalog;
        this.tracks = new TrackStore(catalog);
        this.store = new IndexStore(config.indexDir(), layout);
        this.metrics = metrics;
        this.servingListener = servingListener;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "index-follower-" + layout.shard() + "-of-" + layout.shardCount());
            t.setDaemon(true);
            return t;
        });
        // On close, a poll or merge under way finishes, but nothing waiting to run starts.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /** Starts loading in the background; returns at once. */
    public void start() {
        thread.execute(this::load);
    }

    /** The latest snapshot, or null while the index is loading. Any thread. */
    public Snapshot snapshot() {
        IndexState s = state.get();
        return s == null ? null : s.snapshot();
    }

    /** The newest catalog track id read. Any thread. */
    public long indexedThroughTrackId() {
        return lastTrackId;
    }

    private void load() {
        try {
            Optional<IndexStore.StoredIndex> saved = store.load();
            if (saved.isPresent()) {
                resume(saved.get());
            } else {
                rebuild();
            }
        } catch (RuntimeException | IOException e) {
            retryLoad(e);
            return;
        }
        lastMergeNanos = System.nanoTime();
        long every = config.pollInterval().toMillis();
        thread.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
        servingListener.accept(true);
    }

    private void resume(IndexStore.StoredIndex saved) {
        var cp = saved.checkpoint();
        lastTrackId = cp.lastTrackId();
        lastUpdateId = cp.lastUpdateId();
        state.set(new IndexState(saved.segment(), cp.generation()));
        publishState();
        log.info("index shard {}: loaded saved index: {} tracks through id {}, update {}, generation {}",
                shardName(), saved.segment().documentCount(), lastTrackId, lastUpdateId, cp.generation());
    }

    private void retryLoad(Exception e) {
        metrics.catalogError();
        long delay = config.catalogBackoff().delayMillis(failures++, jitter);
        log.warn("index shard {}: cannot load the index (attempt {}): {}; retrying in {} ms",
                shardName(), failures, describe(e), delay);
        try {
            thread.schedule(this::load, delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            log.info("index shard {}: closed while waiting for the catalog", shardName());
        }
    }

    /** Reads every track of this shard from the catalog and builds the main index anew. */
    private void rebuild() throws IOException {
        ensureSchema();
        metrics.rebuild();
        long started = System.nanoTime();
        // Positions read before the tracks: anything changed during the rebuild is replayed after.
        long maxTrackId = tracks.maxTrackId();
        long maxUpdateId = tracks.maxUpdateId();
        log.info("index shard {}: building the index from the catalog (tracks through id {})", shardName(), maxTrackId);
        Segment segment;
        long after = 0;
        ForkJoinPool tokenisers = new ForkJoinPool(config.buildThreads());
        try (SegmentBuilder builder = SegmentBuilder.create(layout, config.buildThreads())) {
            List<Track> batch;
            do {
                batch = tracks.tracksAfter(after, layout.shard(), layout.shardCount(), config.catalogBatch());
                addAll(builder, tokenise(tokenisers, batch));
                if (!batch.isEmpty()) {
                    after = batch.get(batch.size() - 1).id();
                }
            } while (batch.size() == config.catalogBatch());
            segment = builder.build();
        } finally {
            tokenisers.shutdownNow();
        }
        lastTrackId = Math.max(after, maxTrackId);
        lastUpdateId = maxUpdateId;
        store.save(segment, lastTrackId, lastUpdateId, 0);
        state.set(new IndexState(segment, 0));
        publishState();
        log.info("index shard {}: built {} tracks, {} words in {} ms", shardName(), segment.documentCount(),
                segment.wordCount(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Normalises a batch on every build thread: tokenising costs more than adding postings. */
    private List<Doc> tokenise(ForkJoinPool pool, List<Track> batch) {
        try {
            return pool.submit(() -> batch.parallelStream().map(t -> TrackDocs.doc(layout, t)).toList()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the index", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("tokenising failed", e.getCause());
        }
    }

    private static void addAll(SegmentBuilder builder, List<Doc> docs) {
        for (Doc d : docs) {
            builder.add(d);
        }
    }

    private void poll() {
        try {
            ensureSchema();
            long newest = tracks.maxTrackId();
            followTracks(newest);
            followUpdates();
            metrics.catalogLag(newest - lastTrackId);
            if (failures > 0) {
                log.info("index shard {}: catalog reachable again after {} failed attempt(s); caught up through id {}",
                        shardName(), failures, lastTrackId);
                failures = 0;
            }
            maybeMerge();
        } catch (RuntimeException e) {
            onPollFailure(e);
        } catch (IOException e) {
            if (thread.isShutdown()) {
                log.info("index shard {}: stopped during a save; the last saved checkpoint stands", shardName());
            } else {
                log.error("index shard {}: cannot save the merged index: {}", shardName(), e.toString());
            }
        }
    }

    /** Applies the tracks added since {@link #lastTrackId}, batch by batch. */
    private void followTracks(long newest) {
        List<Track> batch;
        do {
            batch = tracks.tracksAfter(lastTrackId, layout.shard(), layout.shardCount(), config.catalogBatch());
            if (!batch.isEmpty()) {
                state.get().apply(TrackDocs.docs(layout, batch), new int[0]);
                lastTrackId = batch.get(batch.size() - 1).id();
            }
        } while (batch.size() == config.catalogBatch());
        // Every row up to `newest` was committed before the scan started, so none is left behind.
        lastTrackId = Math.max(lastTrackId, newest);
        publishState();
    }

    /**
     * Applies {@code index_updates} rows: a re-index reads the row again (gone by now: a
     * delete); rows of other shards, and of tracks not read yet (they will be read whole
     * when reached), are skipped.
     */
    private void followUpdates() {
        List<IndexUpdate> batch;
        do {
            batch = tracks.updatesAfter(lastUpdateId, config.catalogBatch());
            if (batch.isEmpty()) {
                break;
            }
            LongOpenHashSet reindex = new LongOpenHashSet();
            LongOpenHashSet delete = new LongOpenHashSet();
            for (IndexUpdate u : batch) {
                if (!layout.owns(u.trackId()) || u.trackId() > lastTrackId) {
                    continue;
                }
                if (u.kind() == IndexUpdate.Kind.DELETE) {
                    reindex.remove(u.trackId());
                    delete.add(u.trackId());
                } else {
                    delete.remove(u.trackId());
                    reindex.add(u.trackId());
                }
            }
            applyUpdates(reindex, delete);
            lastUpdateId = batch.get(batch.size() - 1).id();
        } while (batch.size() == config.catalogBatch());
    }

    private void applyUpdates(LongOpenHashSet reindex, LongOpenHashSet delete) {
        if (reindex.isEmpty() && delete.isEmpty()) {
            return;
        }
        List<Doc> upserts = new ArrayList<>();
        if (!reindex.isEmpty()) {
            List<Track> rows = tracks.tracksByIds(reindex.toLongArray());
            for (Track t : rows) {
                reindex.remove(t.id());
                upserts.add(TrackDocs.doc(layout, t));
            }
            delete.addAll(reindex); // re-index of a row that is gone: the track was deleted
        }
        IntArrayList deletes = new IntArrayList(delete.size());
        for (long id : new LongArrayList(delete)) {
            deletes.add(layout.ord(id));
        }
        state.get().apply(upserts, deletes.toIntArray());
        publishState();
    }

    private void maybeMerge() throws IOException {
        Snapshot s = state.get().snapshot();
        int pending = s.deltaDocumentCount() + s.staleCount();
        if (pending == 0) {
            lastMergeNanos = System.nanoTime();
            return;
        }
        boolean old = System.nanoTime() - lastMergeNanos >= config.mergeInterval().toNanos();
        if (pending < config.mergeThreshold() && !old) {
            return;
        }
        long started = System.nanoTime();
        Snapshot merged = state.get().merge();
        store.save(merged.main(), lastTrackId, lastUpdateId, merged.generation());
        long took = System.nanoTime() - started;
        lastMergeNanos = System.nanoTime();
        metrics.merge(took);
        publishState();
        log.info("index shard {}: merged {} pending changes into the main index ({} tracks) in {} ms",
                shardName(), pending, merged.documentCount(), took / 1_000_000);
    }

    private void onPollFailure(RuntimeException e) {
        metrics.catalogError();
        failures++;
        // One line per failure streak step: the first, then at growing intervals, so a long
        // outage is visible without flooding the log once per poll.
        if (Integer.bitCount(failures) == 1) {
            log.warn("index shard {}: catalog unavailable (attempt {}), answering from tracks through id {}: {}",
                    shardName(), failures, lastTrackId, describe(e));
        }
    }

    private void ensureSchema() {
        if (!schemaChecked) {
            catalog.migrate();
            schemaChecked = true;
        }
    }

    private void publishState() {
        Snapshot s = state.get().snapshot();
        metrics.state(s.documentCount(), s.generation(), s.main().sizeInBytes());
    }

    private String shardName() {
        return layout.shard() + "/" + layout.shardCount();
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getMessage() + " (" + root + ")";
    }

    /**
     * Stops following: a poll, merge or save under way may finish (up to 10 s), then the
     * thread is interrupted. An interrupted rebuild or save leaves the last saved
     * checkpoint intact, so the next start resumes from there.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("index shard {}: follower busy for 10 s after close; interrupting it", shardName());
                thread.shutdownNow();
                thread.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            thread.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
