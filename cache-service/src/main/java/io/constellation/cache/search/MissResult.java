package io.constellation.cache.search;

/**
 * A freshly built result set (the miss path's product, what the cache stores).
 *
 * @param rows        the matching tracks with their display fields and historical
 *                    availability, in historical order
 * @param generations each index shard's generation that answered (see
 *                    {@link IndexAnswer#generations()})
 * @param truncated   whether the result set holds fewer tracks than matched: a shard cut
 *                    its answer at its maximum, or the catalog stage kept only the
 *                    historically best ({@link CatalogRows})
 */
public record MissResult(TrackRows rows, long[] generations, boolean truncated) {
}
