package io.constellation.bench.cache;

import io.constellation.cache.search.CatalogRows;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SearchStack} runs: its catalog and how many generated tracks it holds, the
 * index shards, the gateway's fed availability and the cache nodes.
 *
 * @param catalog     a JDBC URL (MariaDB), "h2:DIR" (an H2 catalog kept in DIR for later
 *                    runs) or "h2" (a temporary H2 catalog)
 * @param tracks      generated tracks ({@code CorpusGenerator} over the bundled corpus)
 *                    imported into the catalog when it is empty (a kept catalog is used as
 *                    it is)
 * @param seed        the generator's seed
 * @param work        where index segments and cache files go; null = a temporary directory
 * @param shards      index shards
 * @param nodes       cache nodes
 * @param memoryBytes each node's memory tier
 * @param available   tracks 1..available a synthetic satellite server shares (so the
 *                    gateway answers non-zero counts for some results)
 * @param indexWait   how long to wait for the shards to build their index
 * @param maxResults  most results a node's result set keeps ({@code --max-results}; a value
 *                    above any match count gives the uncapped miss, for comparison)
 */
record StackOptions(String catalog, long tracks, long seed, String work, int shards, int nodes, long memoryBytes,
                    int available, Duration indexWait, int maxResults) {

    /** Reads the stack's options from {@code o}, with these defaults for tracks. */
    static StackOptions from(OptionMap o, long defaultTracks) {
        long tracks = o.number("tracks", defaultTracks);
        StackOptions s = new StackOptions(o.string("catalog", "h2"), tracks, o.number("catalog-seed", 42),
                o.string("work", null), o.count("shards", 2), o.count("nodes", 2),
                o.number("memory-mb", 256) << 20, o.count("available", (int) Math.min(tracks / 10, 500_000)),
                o.duration("index-wait", Duration.ofMinutes(30)),
                o.count("max-results", CatalogRows.DEFAULT_MAX_ROWS));
        if (s.tracks < 1 || s.shards < 1 || s.nodes < 1 || s.memoryBytes < 1 || s.available < 0) {
            throw new IllegalArgumentException("tracks, shards, nodes and memory-mb >= 1, available >= 0 please");
        }
        return s;
    }

    /** The options as a command line, for a {@link SearchStackProcess}. */
    List<String> asArgs() {
        List<String> args = new ArrayList<>(List.of("--catalog", catalog, "--tracks", Long.toString(tracks),
                "--catalog-seed", Long.toString(seed), "--shards", Integer.toString(shards),
                "--nodes", Integer.toString(nodes), "--memory-mb", Long.toString(memoryBytes >> 20),
                "--available", Integer.toString(available), "--index-wait", indexWait.toSeconds() + "s",
                "--max-results", Integer.toString(maxResults)));
        if (work != null) {
            args.addAll(List.of("--work", work));
        }
        return args;
    }
}
