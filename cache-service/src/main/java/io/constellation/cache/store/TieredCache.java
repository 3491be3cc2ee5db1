package io.constellation.cache.store;

import io.constellation.common.concurrent.Blocking;
import io.constellation.common.search.QueryKey;
import java.util.Objects;

/**
 * The memory tier over the disk store, with the freshness rule: what a search asks first.
 * {@link #fromMemory} never blocks (call it on any thread); {@link #fromDisk} and
 * {@link #store} do file I/O ({@link Blocking}: a worker pool, never an event loop).
 *
 * <p>A disk hit is promoted to memory. A stale entry is never returned: it is dropped from
 * memory, and on disk left for the recomputed result set to replace. Times and the index
 * generation come from the caller, so the caller decides what "now" and "current" are.
 * Thread-safe.
 */
public final class TieredCache {

    private final MemoryTier memory;
    private final DiskStore disk;
    private final FreshnessPolicy freshness;

    /** The tiers and rule to combine; the caller keeps ownership of the tiers (e.g. for metrics). */
    public TieredCache(MemoryTier memory, DiskStore disk, FreshnessPolicy freshness) {
        this.memory = Objects.requireNonNull(memory, "memory");
        this.disk = Objects.requireNonNull(disk, "disk");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
    }

    /**
     * The fresh entry of {@code key} in memory, or {@code null}. Non-blocking.
     *
     * @param nowMillis         epoch milliseconds
     * @param currentGeneration the index generation now, as {@link CacheEntry#indexGeneration()} measures it
     */
    public CacheEntry fromMemory(QueryKey key, long nowMillis, long currentGeneration) {
        CacheEntry entry = memory.get(key);
        if (entry == null) {
            return null;
        }
        if (!freshness.isFresh(entry, nowMillis, currentGeneration)) {
            memory.invalidate(key);
            return null;
        }
        return entry;
    }

    /** Reads {@code key} from disk; a fresh hit is put into memory. Blocking. */
    @Blocking
    public DiskLookup fromDisk(QueryKey key, long nowMillis, long currentGeneration) {
        ReadOutcome outcome = disk.read(key);
        if (outcome instanceof ReadOutcome.Hit hit) {
            if (!freshness.isFresh(hit.entry(), nowMillis, currentGeneration)) {
                return new DiskLookup.Miss(MissCause.STALE, outcome);
            }
            memory.put(hit.entry());
            return new DiskLookup.Found(hit.entry(), hit.fileBytes());
        }
        MissCause cause;
        if (outcome instanceof ReadOutcome.Absent) {
            cause = MissCause.ABSENT;
        } else if (outcome instanceof ReadOutcome.Collision) {
            cause = MissCause.COLLISION;
        } else if (outcome instanceof ReadOutcome.Corrupt) {
            cause = MissCause.CORRUPT;
        } else {
            cause = MissCause.READ_FAILED;
        }
        return new DiskLookup.Miss(cause, outcome);
    }

    /**
     * Stores a computed entry: into memory first (so the next search is a hit even if the
     * disk fails), then to disk. Blocking. A {@link WriteOutcome.Failed} means the entry is
     * served from memory only: count it.
     */
    @Blocking
    public WriteOutcome store(CacheEntry entry) {
        memory.put(entry);
        return disk.write(entry);
    }

    /** What {@link #fromDisk} found. */
    public sealed interface DiskLookup {

        /** A fresh entry, now also in memory. */
        record Found(CacheEntry entry, int fileBytes) implements DiskLookup {
        }

        /**
         * No servable entry: compute it.
         *
         * @param cause   why, a bounded set fit for a metric tag
         * @param outcome what the disk read returned (the file and detail of a corruption or failure)
         */
        record Miss(MissCause cause, ReadOutcome outcome) implements DiskLookup {
        }
    }

    /** Why the disk had nothing to serve. */
    public enum MissCause {
        /** No file. */
        ABSENT,
        /** A file, too old or from an older index (see {@link FreshnessPolicy}). */
        STALE,
        /** A file of another query with the same hash. */
        COLLISION,
        /** A damaged file (count it: it should be rare). */
        CORRUPT,
        /** The file could not be read (count it; look at the disk). */
        READ_FAILED
    }
}
