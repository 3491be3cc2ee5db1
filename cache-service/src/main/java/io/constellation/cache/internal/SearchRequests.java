package io.constellation.cache.internal;

import io.constellation.cache.CacheServerConfig;

/** The paging rules of search.proto, checked before any work. Stateless. */
final class SearchRequests {

    private SearchRequests() {
    }

    /** What is wrong with {@code offset} and {@code limit}, or null when both are fine. */
    static String pagingProblem(int offset, int limit) {
        if (offset < 0) {
            return "offset must be 0 or more, got " + offset;
        }
        if (limit < 1 || limit > CacheServerConfig.MAX_LIMIT) {
            return "limit must be 1 to " + CacheServerConfig.MAX_LIMIT + ", got " + limit
                    + (limit == 0 ? " (was it set?)" : "");
        }
        return null;
    }
}
