package io.constellation.cache.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.constellation.common.search.QueryKey;
import java.util.concurrent.atomic.LongAdder;

/**
 * The hot tier above the {@link DiskStore}: recently and frequently used result sets in
 * memory, bounded by the bytes they hold ({@link CacheEntry#estimatedBytes()}, compact
 * primitive arrays: see {@link ResultSet}).
 *
 * <p><b>Eviction policy.</b> Window TinyLFU (Caffeine's): a new entry enters a small LRU
 * window; when the window overflows, its oldest entry is admitted to the main area only if
 * its recent access frequency (a count-min sketch that halves periodically, so popularity
 * ages) beats that of the main area's eviction candidate, otherwise it is dropped. Query
 * popularity is skewed (Zipf): this keeps the popular result sets resident while one-off
 * queries (misspellings, a crawler walking the alphabet) pass through without displacing
 * them, which plain LRU would let them do. (Frequencies are counted from when the tier is first
 * half full; until then nothing is evicted anyway.) An entry over {@code maxEntryBytes} is not
 * admitted at all (one huge result set must not flush hundreds of small ones); it is served
 * from disk each time.
 *
 * <p>Eviction runs on the calling thread during {@link #put} (no background executor), so
 * the bound holds as soon as {@code put} returns. Non-blocking (no I/O) and thread-safe:
 * call from any thread.
 */
public final class MemoryTier {

    private final long maxBytes;
    private final long maxEntryBytes;
    private final Cache<QueryKey, CacheEntry> cache;
    private final LongAdder evictions = new LongAdder();

    /** A tier of at most {@code maxBytes}, admitting entries of up to an eighth of it. */
    public MemoryTier(long maxBytes) {
        this(maxBytes, maxBytes / 8);
    }

    /**
     * A tier of at most {@code maxBytes}, admitting entries of up to {@code maxEntryBytes}.
     *
     * @throws IllegalArgumentException unless {@code 0 < maxEntryBytes <= maxBytes}
     */
    public MemoryTier(long maxBytes, long maxEntryBytes) {
        if (maxBytes <= 0 || maxEntryBytes <= 0 || maxEntryBytes > maxBytes) {
            throw new IllegalArgumentException("need 0 < max entry bytes (" + maxEntryBytes + ") <= max bytes ("
                    + maxBytes + ")");
        }
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxEntryBytes;
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((QueryKey k, CacheEntry e) -> (int) Math.min(Integer.MAX_VALUE, e.estimatedBytes()))
                .executor(Runnable::run)
                .removalListener((QueryKey k, CacheEntry e, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                })
                .build();
    }

    /** The entry of {@code key}, or {@code null} if it is not in memory. */
    public CacheEntry get(QueryKey key) {
        return cache.getIfPresent(key);
    }

    /**
     * Offers {@code entry}, replacing any entry of its query. Returns false if it is too large
     * to be admitted (over {@code maxEntryBytes}); true means it was offered, though the
     * policy may still evict it at once in favour of more frequently used entries.
     */
    public boolean put(CacheEntry entry) {
        if (entry.estimatedBytes() > maxEntryBytes) {
            return false;
        }
        cache.put(entry.key(), entry);
        return true;
    }

    /** Drops the entry of {@code key} (e.g. found stale); not counted as an eviction. */
    public void invalidate(QueryKey key) {
        cache.invalidate(key);
    }

    /** Bytes held now (estimated, as charged against the bound). */
    public long bytes() {
        cache.cleanUp();
        return cache.policy().eviction().orElseThrow().weightedSize().orElse(0L);
    }

    /** Entries held now. */
    public long entries() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Entries evicted to stay under the bound, since creation. */
    public long evictions() {
        return evictions.sum();
    }

    /** The bound, bytes. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The largest entry admitted, bytes. */
    public long maxEntryBytes() {
        return maxEntryBytes;
    }
}
