package io.constellation.cache.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The index layout a cache node asks: shard {@code i} of {@code count()} holds the tracks
 * with {@code id mod count() == i}, and any of {@code replicas(i)} ("host:port" gRPC
 * addresses) can answer for it. Immutable.
 *
 * @param shards for each shard in order, its replicas' addresses (at least one each)
 */
public record IndexShards(List<List<String>> shards) {

    /** Validates and copies the layout. */
    public IndexShards {
        if (shards.isEmpty()) {
            throw new IllegalArgumentException("at least one index shard is needed");
        }
        List<List<String>> copy = new ArrayList<>(shards.size());
        for (int i = 0; i < shards.size(); i++) {
            List<String> replicas = shards.get(i);
            if (replicas.isEmpty()) {
                throw new IllegalArgumentException("index shard " + i + " has no replica address");
            }
            for (String r : replicas) {
                if (r.isBlank() || r.indexOf(':') < 0) {
                    throw new IllegalArgumentException("index shard " + i + ": not a host:port address: '" + r + "'");
                }
            }
            copy.add(List.copyOf(replicas));
        }
        shards = List.copyOf(copy);
    }

    /**
     * Parses the launcher's form: shards separated by ';', each shard's replicas by ',',
     * e.g. {@code "10.0.0.1:7400,10.0.0.2:7400;10.0.0.3:7400"} is two shards, the first with
     * two replicas.
     */
    public static IndexShards parse(String spec) {
        List<List<String>> shards = new ArrayList<>();
        for (String shard : spec.split(";", -1)) {
            List<String> replicas = new ArrayList<>();
            for (String r : shard.split(",", -1)) {
                if (!r.isBlank()) {
                    replicas.add(r.trim());
                }
            }
            shards.add(replicas);
        }
        return new IndexShards(shards);
    }

    /** The number of shards. */
    public int count() {
        return shards.size();
    }

    /** The replicas of shard {@code i}. */
    public List<String> replicas(int i) {
        return shards.get(i);
    }

    /** Every address, each shard's in order. */
    public List<String> allAddresses() {
        return shards.stream().flatMap(List::stream).toList();
    }
}
