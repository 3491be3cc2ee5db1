package io.constellation.satellite.share;

import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.common.catalog.TrackStore;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.share.internal.CatalogLookup;
import io.constellation.satellite.share.internal.PendingResolve;
import io.constellation.satellite.share.internal.ResolverCounters;
import io.constellation.satellite.share.internal.SpellingCache;
import io.constellation.satellite.share.internal.TagKey;
import io.constellation.satellite.wire.FileBatch;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves shared files to catalog track ids through a bounded in-memory cache, batching
 * the cache misses of all concurrent callers into few catalog statements.
 *
 * <p>Threads: {@link #resolve} runs on the caller's thread (a Netty event loop) only for
 * what is cheap and never blocks: tag checks and cache look-ups. A call whose files are
 * all answered that way returns an already completed future (no thread hop: the common
 * case once the cache is warm). Otherwise its misses join a queue that one worker thread,
 * owned by this object, drains: it takes queued calls until their distinct
 * uncached spellings fill a cycle ({@link ResolverConfig#keysPerCycle()}), merges them, resolves
 * them through the catalog ({@code SELECT ... WHERE norm_key IN}, {@code INSERT IGNORE} of
 * the new ones, {@code SELECT} again), fills the cache and completes every future of the
 * cycle on the worker thread. While one cycle waits on the catalog the next calls queue
 * up, so the number of statements follows the number of distinct new tracks, not the
 * number of callers. A catalog failure fails the futures of that cycle with the catalog's
 * exception ({@link CatalogUnavailableException} when it cannot be reached); the next
 * cycle tries again.
 *
 * <p>A file is {@link #NO_TRACK} when its artist or title is empty or has no words, or a
 * tag is longer than the catalog's {@value TrackStore#MAX_FIELD_LENGTH} characters.
 */
public final class CatalogShareResolver implements ShareResolver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CatalogShareResolver.class);

    private final ResolverConfig config;
    private final SpellingCache cache;
    private final CatalogLookup lookup;
    private final ResolverCounters counters = new ResolverCounters();
    private final LinkedBlockingQueue<PendingResolve> queue = new LinkedBlockingQueue<>();
    private final AtomicLong pendingFiles = new AtomicLong();
    private final Thread worker;
    private volatile boolean closed;

    /** Starts the worker thread; {@link #close()} stops it. */
    public CatalogShareResolver(TrackStore tracks, ResolverConfig config) {
        this.config = config;
        // A random seed per resolver keys the spelling hashes (see SpellingCache).
        this.cache = new SpellingCache(config.cacheEntries(), new SecureRandom().nextLong());
        this.lookup = new CatalogLookup(tracks, config.keysPerStatement(), counters);
        this.worker = new Thread(this::work, "share-resolver");
        worker.setDaemon(true);
        worker.start();
    }

    @Override
    public CompletableFuture<int[]> resolve(List<SharedFile> files) {
        return resolve(FileBatch.of(files));
    }

    @Override
    public CompletableFuture<int[]> resolve(FileBatch files) {
        int n = files.size();
        int[] ids = new int[n];
        int[] missAt = null;
        TagKey[] missKeys = null;
        int misses = 0;
        int noTrack = 0;
        // The hit path decodes nothing: two hashes over the tags' UTF-8 bytes where they
        // arrived and one or two slots of the cache's arrays. Only spellings that passed
        // usable() are ever cached, so a hit needs no further check.
        cache.getAll(files, ids);
        for (int i = 0; i < n; i++) {
            if (ids[i] != SpellingCache.ABSENT) {
                continue;
            }
            String artist = files.artist(i);
            String title = files.title(i);
            String album = files.album(i);
            if (!usable(artist, title, album)) {
                ids[i] = NO_TRACK;
                noTrack++;
                continue;
            }
            if (missAt == null) {
                missAt = new int[n - i];
                missKeys = new TagKey[n - i];
            }
            missAt[misses] = i;
            missKeys[misses++] = new TagKey(artist, title, album);
        }
        counters.files.add(n);
        counters.noTrack.add(noTrack);
        counters.cacheHits.add(n - noTrack - misses);
        if (misses == 0) {
            return CompletableFuture.completedFuture(ids);
        }
        return enqueue(new PendingResolve(ids, missAt, missKeys, misses));
    }

    /** The counters since construction. Any thread. */
    public ResolverStats stats() {
        return counters.snapshot();
    }

    /** Spellings in the cache now (approximate). */
    public long cachedSpellings() {
        return cache.size();
    }

    private CompletableFuture<int[]> enqueue(PendingResolve p) {
        if (pendingFiles.addAndGet(p.misses) > config.maxPendingFiles() || closed) {
            pendingFiles.addAndGet(-p.misses);
            counters.refusedBusy.increment();
            return CompletableFuture.failedFuture(new CatalogUnavailableException(closed
                    ? "share resolver is closed"
                    : "share resolver overloaded: over " + config.maxPendingFiles() + " files wait for the catalog", null));
        }
        queue.add(p);
        if (closed) {
            failQueued(); // close() may have drained the queue just before the add
        }
        return p.future;
    }

    private static boolean usable(String artist, String title, String album) {
        return fits(artist) && fits(title) && fits(album) && !artist.isBlank() && !title.isBlank();
    }

    private static boolean fits(String s) {
        return s.length() <= TrackStore.MAX_FIELD_LENGTH || s.codePointCount(0, s.length()) <= TrackStore.MAX_FIELD_LENGTH;
    }

    /** The worker thread: one cycle per batch of queued calls until closed. */
    private void work() {
        List<PendingResolve> cycle = new ArrayList<>();
        while (!closed) {
            try {
                PendingResolve first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                runCycle(first, cycle);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                cycle.clear();
            }
        }
        failQueued();
    }

    /**
     * Takes {@code first} and further queued calls until their distinct uncached spellings
     * reach {@link ResolverConfig#keysPerCycle()} (so statements go out full), resolves
     * those through the catalog and answers every call taken.
     */
    private void runCycle(PendingResolve first, List<PendingResolve> cycle) {
        counters.cycles.increment();
        Object2IntOpenHashMap<TagKey> known = new Object2IntOpenHashMap<>();
        Set<TagKey> missing = new LinkedHashSet<>();
        long files = 0;
        PendingResolve next = first;
        do {
            cycle.add(next);
            files += next.misses;
            splitCached(next, known, missing);
        } while (missing.size() < config.keysPerCycle() && (next = queue.poll()) != null);
        try {
            Object2IntOpenHashMap<TagKey> resolved = lookup.idsOf(new ArrayList<>(missing));
            resolved.object2IntEntrySet().fastForEach(e -> {
                TagKey k = e.getKey();
                cache.put(k.artist(), k.title(), k.album(), e.getIntValue());
            });
            known.putAll(resolved);
            for (PendingResolve p : cycle) {
                complete(p, known);
            }
        } catch (RuntimeException e) {
            log.warn("share resolution of {} file(s) from {} call(s) failed: {}", files, cycle.size(), e.toString());
            for (PendingResolve p : cycle) {
                p.future.completeExceptionally(e);
            }
        } finally {
            pendingFiles.addAndGet(-files);
        }
    }

    /**
     * Sorts the spellings of {@code p}: those cached by now (an earlier cycle may have
     * added them) into {@code known}, the others into {@code missing}.
     */
    private void splitCached(PendingResolve p, Object2IntOpenHashMap<TagKey> known, Set<TagKey> missing) {
        for (int j = 0; j < p.misses; j++) {
            TagKey k = p.missKeys[j];
            if (known.containsKey(k) || missing.contains(k)) {
                continue;
            }
            int id = cache.getAndKeep(cache.hash(k.artist(), k.title(), k.album()),
                    cache.check(k.artist(), k.title(), k.album()));
            if (id != SpellingCache.ABSENT) {
                known.put(k, id);
            } else {
                missing.add(k);
            }
        }
    }

    private void complete(PendingResolve p, Object2IntOpenHashMap<TagKey> known) {
        int noTrack = 0;
        for (int j = 0; j < p.misses; j++) {
            int id = known.getInt(p.missKeys[j]);
            p.ids[p.missAt[j]] = id;
            noTrack += id == NO_TRACK ? 1 : 0;
        }
        counters.noTrack.add(noTrack);
        p.future.complete(p.ids);
    }

    private void failQueued() {
        PendingResolve p;
        while ((p = queue.poll()) != null) {
            pendingFiles.addAndGet(-p.misses);
            p.future.completeExceptionally(new CatalogUnavailableException("share resolver is closed", null));
        }
    }

    /** Stops the worker after its current cycle (up to 10 s); calls still queued fail as unavailable. */
    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failQueued();
    }
}
