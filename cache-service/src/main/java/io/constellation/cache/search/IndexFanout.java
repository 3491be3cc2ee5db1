package io.constellation.cache.search;

import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.cache.search.internal.Channels;
import io.constellation.cache.search.internal.Failover;
import io.constellation.cache.search.internal.Failover.Server;
import io.constellation.cache.search.internal.SortedMerge;
import io.constellation.proto.index.v1.IndexServiceGrpc;
import io.constellation.proto.index.v1.QueryRequest;
import io.constellation.proto.index.v1.QueryResponse;
import io.grpc.Deadline;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The miss path's scatter/gather: asks one replica of every index shard in parallel
 * ({@code constellation.index.v1.IndexService/Query}) and merges their ascending id lists.
 *
 * <ul>
 *   <li>Replicas of a shard are tried one at a time (start rotating per query to spread
 *       load): a replica that fails, hangs past {@code attemptTimeout}, or answers for the
 *       wrong shard or out of order is replaced by the next within the deadline, and the
 *       failover counted.
 *   <li>Never partial: a shard with no replica answering fails the whole query at once with
 *       UNAVAILABLE ("index shard 2 of 4: no replica answered: ...") or DEADLINE_EXCEEDED;
 *       a refused query (bad words) fails with INVALID_ARGUMENT.
 * </ul>
 *
 * <p>Never blocks: async stubs; the merge runs on the gRPC callback thread of the last
 * shard to answer (gRPC's default executor, not an event loop). Owns one channel per
 * replica address, closed by {@link #close()}. Thread-safe.
 */
public final class IndexFanout implements AutoCloseable {

    /** Largest answer accepted: 1,000,000 ids of up to 10 bytes each, with room. */
    private static final int MAX_ANSWER_BYTES = 32 << 20;

    private final IndexShards shards;
    private final SearchStageMetrics metrics;
    private final Channels channels;
    private final List<Failover> replicas = new ArrayList<>();
    private final AtomicInteger rotation = new AtomicInteger();

    /**
     * @param attemptTimeout longest wait for one replica before the next is tried (the
     *                       query's own deadline caps it)
     */
    public IndexFanout(IndexShards shards, Duration attemptTimeout, SearchStageMetrics metrics) {
        this.shards = shards;
        this.metrics = metrics;
        this.channels = new Channels(shards.allAddresses(), MAX_ANSWER_BYTES);
        for (int i = 0; i < shards.count(); i++) {
            List<Server> servers = shards.replicas(i).stream().map(a -> new Server(a, channels.get(a))).toList();
            replicas.add(new Failover(name(i), "replica", servers, attemptTimeout, () -> metrics.failover(Stage.INDEX)));
        }
    }

    /**
     * The ids of the tracks matching every word, from all shards.
     *
     * @param words    the query's normalised words (1 to 32; see index.proto)
     * @param deadline when the whole fan-out, failovers included, must be done
     * @return completes with the merged answer, or exceptionally with a
     *         {@link io.grpc.StatusRuntimeException} as described above
     */
    public CompletableFuture<IndexAnswer> query(List<String> words, Deadline deadline) {
        long start = System.nanoTime();
        QueryRequest request = QueryRequest.newBuilder().addAllWords(words).build();
        Gather gather = new Gather(shards.count());
        int first = rotation.getAndIncrement();
        for (int i = 0; i < shards.count(); i++) {
            int shard = i;
            replicas.get(shard).<QueryResponse>call(first + shard, deadline,
                    (channel, d, answer) -> IndexServiceGrpc.newStub(channel).withDeadline(d).query(request, answer),
                    r -> problem(r, shard))
                    .whenComplete((r, e) -> gather.shardDone(shard, r, e));
        }
        return gather.result.whenComplete((a, e) -> metrics.record(Stage.INDEX, start, e));
    }

    private String name(int shard) {
        return "index shard " + shard + " of " + shards.count();
    }

    /** What is wrong with a replica's answer for {@code shard}, or null. */
    private String problem(QueryResponse r, int shard) {
        if (r.getShard() != shard || r.getShardCount() != shards.count()) {
            return "answered as shard " + r.getShard() + " of " + r.getShardCount() + ", expected " + shard + " of "
                    + shards.count() + ": the cache's index layout does not match the index servers'";
        }
        for (int k = 1; k < r.getTrackIdsCount(); k++) {
            if (r.getTrackIds(k) <= r.getTrackIds(k - 1)) {
                return "track ids not strictly ascending at index " + k;
            }
        }
        return null;
    }

    /** Collects one query's shard answers; the first failure ends it. Callbacks may race: synchronized. */
    private static final class Gather {
        final CompletableFuture<IndexAnswer> result = new CompletableFuture<>();
        private final long[][] ids;
        private final long[] generations;
        private boolean truncated;
        private int pending;

        Gather(int shards) {
            this.ids = new long[shards][];
            this.generations = new long[shards];
            this.pending = shards;
        }

        void shardDone(int shard, QueryResponse r, Throwable failure) {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            // Copied out of the message into a primitive array: getTrackIds(k) reads the
            // parsed LongList without boxing, and the merge wants plain arrays.
            long[] shardIds = new long[r.getTrackIdsCount()];
            for (int k = 0; k < shardIds.length; k++) {
                shardIds[k] = r.getTrackIds(k);
            }
            if (allIn(shard, shardIds, r)) {
                merge();
            }
        }

        private synchronized boolean allIn(int shard, long[] shardIds, QueryResponse r) {
            ids[shard] = shardIds;
            generations[shard] = r.getGeneration();
            truncated |= r.getTotal() > shardIds.length;
            return --pending == 0;
        }

        private void merge() {
            if (result.isDone()) {
                return;
            }
            try {
                result.complete(new IndexAnswer(SortedMerge.merge(ids), generations, truncated));
            } catch (RuntimeException e) {
                result.completeExceptionally(Status.INTERNAL.withDescription("merging shard answers: "
                        + e.getMessage()).asRuntimeException());
            }
        }
    }

    /** Closes the channels to every replica. */
    @Override
    public void close() {
        channels.close();
    }
}
