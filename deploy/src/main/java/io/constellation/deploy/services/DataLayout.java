package io.constellation.deploy.services;

import java.nio.file.Path;

/**
 * Where each service keeps its files under a data directory: one place, so that a
 * stand-alone service and the demo started on the same directory find each other's files.
 */
public final class DataLayout {

    private DataLayout() {
    }

    /** The index files of shard {@code shard} of {@code shards}. */
    public static Path indexDir(Path dataDir, int shard, int shards) {
        return dataDir.resolve("index-" + shard + "-of-" + shards);
    }

    /** The result files of the cache node named {@code nodeId}. */
    public static Path cacheDir(Path dataDir, String nodeId) {
        return dataDir.resolve("cache-" + nodeId);
    }
}
