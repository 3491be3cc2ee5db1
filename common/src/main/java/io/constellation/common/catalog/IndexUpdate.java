package io.constellation.common.catalog;

import java.util.Objects;

/**
 * One row of {@code index_updates}: tells the index shards to re-read or drop a track they
 * already hold. Shards tail these rows by ascending {@code id}.
 *
 * @param id      position in the change log (ascending, gaps possible)
 * @param trackId the track concerned
 * @param kind    what to do with it
 */
public record IndexUpdate(long id, long trackId, Kind kind) {

    public IndexUpdate {
        Objects.requireNonNull(kind, "kind");
    }

    /** What an index shard does with the track; stored as a short lower-case word. */
    public enum Kind {
        /** The row changed: drop its old words and index the new ones. */
        REINDEX("reindex"),
        /** The row is gone: drop it from the index. */
        DELETE("delete");

        private final String sqlName;

        Kind(String sqlName) {
            this.sqlName = sqlName;
        }

        /** The value stored in {@code index_updates.kind}. */
        public String sqlName() {
            return sqlName;
        }

        /** The kind stored as {@code value}; unknown values are a schema mismatch. */
        public static Kind fromSql(String value) {
            for (Kind k : values()) {
                if (k.sqlName.equals(value)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown index update kind: " + value);
        }
    }
}
