package io.constellation.index.internal;

import io.constellation.index.OrdSink;

/**
 * The buffers one query needs, so that a query allocates nothing in proportion to its
 * posting lists or its result (about 300 KB). Owned by one thread at a time (a segment
 * keeps one per querying thread); not thread-safe.
 */
public final class QueryScratch {

    /** One 16-bit chunk of ordinals at most: the largest intersection of two containers. */
    private static final int CHUNK = 1 << 16;

    final OrdBatch batch = new OrdBatch();
    final char[] left = new char[CHUNK];
    final char[] right = new char[CHUNK];
    final int[] cursors = new int[64];
    /** 65,536 bits for intersecting two containers; all zero between uses. */
    final long[] bits = new long[CHUNK >>> 6];
    /** The query's sparse word numbers, rarest first, and its dense words' bitsets. */
    public final int[] sparse = new int[64];
    public final int[] dense = new int[64];
    public final long[][] denseSets = new long[64][];
    public int denseCount;
    public final long[] block = new long[DenseWords.BLOCK_WORDS];

    /** The batch, reset for a new query passing ordinals to {@code sink}. */
    public OrdBatch batch(OrdSink sink, int limit) {
        return batch.reset(sink, limit);
    }

    /** The batch, reset for a new query writing ids {@code ord * scale + offset} into {@code ids}. */
    public OrdBatch batch(long[] ids, int limit, long scale, long offset) {
        return batch.reset(ids, limit, scale, offset);
    }
}
