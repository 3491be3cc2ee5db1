package io.constellation.cache.search;

/**
 * What the index shards answered for one query, merged.
 *
 * @param ids         the matching track ids of every shard, strictly ascending. Owned by
 *                    the answer: do not modify.
 * @param generations each shard's index generation that answered ({@code generations[i]}
 *                    for shard i), for the cache's freshness decision: a stored result
 *                    set is stale once any shard's generation has moved past it
 * @param truncated   true when at least one shard had more matches than it may return
 *                    (its configured maximum): {@code ids} then holds each shard's
 *                    smallest ids only
 */
public record IndexAnswer(long[] ids, long[] generations, boolean truncated) {
}
