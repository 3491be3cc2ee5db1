package io.constellation.cache.internal;

import io.constellation.cache.search.TrackRows;
import io.constellation.cache.store.ResultSet;

/** Conversions between the miss path's rows and the cache's result sets. Stateless. */
final class Entries {

    private Entries() {
    }

    /** {@code rows} (already in historical order) as a result set in the same order. */
    static ResultSet resultSet(TrackRows rows) {
        if (rows.size() == 0) {
            return ResultSet.empty();
        }
        ResultSet.Builder b = ResultSet.builder(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            b.add(rows.id(i), rows.historical(i), rows.artist(i), rows.title(i), rows.album(i));
        }
        return b.build();
    }
}
