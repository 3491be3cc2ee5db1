package io.constellation.satellite.share;

import io.constellation.common.catalog.TrackStore;

/**
 * What a {@link CatalogShareResolver} needs besides its catalog: immutable, validated by
 * {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class ResolverConfig {

    /** Most spellings a resolver may cache (its arrays stay under 2^30 slots). */
    public static final long MAX_CACHE_ENTRIES = 1L << 29;

    private final long cacheEntries;
    private final int keysPerStatement;
    private final int keysPerCycle;
    private final int maxPendingFiles;

    private ResolverConfig(Builder b) {
        this.cacheEntries = b.cacheEntries;
        this.keysPerStatement = b.keysPerStatement;
        this.keysPerCycle = b.keysPerCycle;
        this.maxPendingFiles = b.maxPendingFiles;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static ResolverConfig defaults() {
        return builder().build();
    }

    public long cacheEntries() { return cacheEntries; }
    public int keysPerStatement() { return keysPerStatement; }
    public int keysPerCycle() { return keysPerCycle; }
    public int maxPendingFiles() { return maxPendingFiles; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private long cacheEntries = 300_000;
        private int keysPerStatement = TrackStore.IN_LIST_MAX;
        private int keysPerCycle = 10_000;
        private int maxPendingFiles = 3_000_000;

        private Builder() {
        }

        /**
         * Spellings (artist, title, album as sent) kept in memory with their track id, 2 to
         * 2^29; default 300,000, about 10 MB at ~32 bytes a spelling (two generations of
         * half as many each: the oldest half is dropped when the newest fills).
         */
        public Builder cacheEntries(long n) { this.cacheEntries = n; return this; }

        /**
         * Keys per catalog statement (one SELECT ... IN, or one multi-row INSERT); default and
         * most {@value TrackStore#IN_LIST_MAX}.
         */
        public Builder keysPerStatement(int n) { this.keysPerStatement = n; return this; }

        /**
         * Distinct uncached spellings the worker gathers from queued calls before going to the
         * catalog (it goes sooner when the queue runs dry); default 10,000. Larger cycles mean
         * fewer, fuller statements; smaller ones answer the first callers sooner.
         */
        public Builder keysPerCycle(int n) { this.keysPerCycle = n; return this; }

        /**
         * Files waiting for the catalog before new calls are refused as busy; default
         * 3,000,000 (10,000 logins of 300 new files each).
         */
        public Builder maxPendingFiles(int n) { this.maxPendingFiles = n; return this; }

        /** Checks every value and builds. */
        public ResolverConfig build() {
            require(cacheEntries >= 2 && cacheEntries <= MAX_CACHE_ENTRIES,
                    "cache entries must be 2.." + MAX_CACHE_ENTRIES + ", got " + cacheEntries);
            require(keysPerStatement >= 1 && keysPerStatement <= TrackStore.IN_LIST_MAX
                            && keysPerStatement <= TrackStore.INSERT_BATCH,
                    "keys per statement must be 1.." + Math.min(TrackStore.IN_LIST_MAX, TrackStore.INSERT_BATCH)
                            + ", got " + keysPerStatement);
            require(keysPerCycle >= 1, "keys per cycle must be positive, got " + keysPerCycle);
            require(maxPendingFiles >= 1, "max pending files must be positive, got " + maxPendingFiles);
            return new ResolverConfig(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
