package io.constellation.index;

/**
 * Which tracks a shard holds and how a track id maps to the shard's dense ordinal.
 *
 * <p>Shard {@code shard} of {@code shardCount} holds the tracks with
 * {@code id mod shardCount == shard}. Inside the shard a track is known by its ordinal
 * {@code ord = id / shardCount}, so that {@code id = ord * shardCount + shard}. Ordinals of
 * one shard are dense (consecutive ids of the shard give consecutive ordinals), which keeps
 * the posting bitmaps compact. An ordinal is a non-negative {@code int}: a shard holds ids
 * up to {@code (2^31 - 1) * shardCount + shard}.
 *
 * <p>Immutable; usable from any thread.
 *
 * @param shard      this shard's number, {@code 0 <= shard < shardCount}
 * @param shardCount number of shards the catalog is split into, at least 1
 */
public record ShardLayout(int shard, int shardCount) {

    /** Validates the layout. */
    public ShardLayout {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shardCount must be >= 1: " + shardCount);
        }
        if (shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("shard must be in [0, " + shardCount + "): " + shard);
        }
    }

    /** Whether the track with this (non-negative) id belongs to this shard. */
    public boolean owns(long trackId) {
        return trackId >= 0 && trackId % shardCount == shard;
    }

    /**
     * The ordinal of a track this shard owns.
     *
     * @throws IllegalArgumentException if the track is not this shard's or its ordinal
     *                                  does not fit an int
     */
    public int ord(long trackId) {
        if (!owns(trackId)) {
            throw new IllegalArgumentException("track " + trackId + " is not on shard " + this);
        }
        long ord = trackId / shardCount;
        if (ord > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("track id too large for an ordinal: " + trackId);
        }
        return (int) ord;
    }

    /** The track id of an ordinal ({@code ord >= 0}); inverse of {@link #ord(long)}. */
    public long trackId(int ord) {
        return (long) ord * shardCount + shard;
    }
}
