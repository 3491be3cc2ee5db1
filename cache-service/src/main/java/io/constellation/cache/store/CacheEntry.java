package io.constellation.cache.store;

import io.constellation.common.search.QueryKey;
import java.util.Objects;

/**
 * One query's cached result set with what decides whether it may still be served.
 *
 * @param key             the query
 * @param indexGeneration the index state the results were computed from, as the caller
 *                        measures it (e.g. the sum of the shards' generations, which grows
 *                        whenever any shard applies a change); compared, never interpreted,
 *                        by the store
 * @param createdAtMillis when the results were computed, epoch milliseconds
 * @param capped          whether more tracks matched than the result set holds (the rest
 *                        ranked lowest and were dropped)
 * @param results         the rows in rank order
 */
public record CacheEntry(QueryKey key, long indexGeneration, long createdAtMillis, boolean capped,
        ResultSet results) {

    public CacheEntry {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(results, "results");
    }

    /** Heap bytes of the entry, rows and key included: what the memory tier charges for it. */
    public long estimatedBytes() {
        // Entry and key objects, the canonical string (up to 2 bytes a char) and the word
        // list (a String of ~56 bytes plus its chars per word).
        long keyBytes = 96 + 3L * key.canonical().length() + 56L * key.words().size();
        return 40 + keyBytes + results.estimatedBytes();
    }
}
