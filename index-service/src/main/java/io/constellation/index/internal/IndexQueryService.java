package io.constellation.index.internal;

import io.constellation.index.ShardLayout;
import io.constellation.index.Snapshot;
import io.constellation.index.internal.IndexMetrics.Outcome;
import io.constellation.proto.index.v1.IndexServiceGrpc;
import io.constellation.proto.index.v1.QueryRequest;
import io.constellation.proto.index.v1.QueryResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code constellation.index.v1.IndexService}: answers AND queries from the latest
 * published snapshot. Runs on gRPC's executor threads; it never blocks and never takes a
 * lock, since snapshots are immutable and published by reference.
 */
public final class IndexQueryService extends IndexServiceGrpc.IndexServiceImplBase {

    private static final Logger log = LoggerFactory.getLogger(IndexQueryService.class);

    private final ShardLayout layout;
    private final Supplier<Snapshot> snapshots;
    private final LongSupplier indexedThroughTrackId;
    private final int maxResults;
    private final IndexMetrics metrics;

    /**
     * @param snapshots             the latest snapshot, or null while the index is loading
     * @param indexedThroughTrackId the newest catalog id the follower has read
     * @param maxResults            most ids one answer carries
     */
    public IndexQueryService(ShardLayout layout, Supplier<Snapshot> snapshots, LongSupplier indexedThroughTrackId,
                             int maxResults, IndexMetrics metrics) {
        this.layout = layout;
        this.snapshots = snapshots;
        this.indexedThroughTrackId = indexedThroughTrackId;
        this.maxResults = maxResults;
        this.metrics = metrics;
    }

    @Override
    public void query(QueryRequest request, StreamObserver<QueryResponse> response) {
        long start = System.nanoTime();
        Snapshot snapshot = snapshots.get();
        if (snapshot == null) {
            fail(response, start, Outcome.UNAVAILABLE, Status.UNAVAILABLE.withDescription("index shard "
                    + shardName() + " is still loading its index; ask another replica or retry shortly"));
            return;
        }
        String[] words;
        try {
            words = QueryWords.normalise(request.getWordsList());
            if (request.getLimit() < 0) {
                throw Status.INVALID_ARGUMENT.withDescription("limit must be 0 (as many as allowed) or positive, got "
                        + request.getLimit()).asRuntimeException();
            }
        } catch (StatusRuntimeException e) {
            fail(response, start, Outcome.INVALID, e.getStatus());
            return;
        }
        try {
            int limit = request.getLimit() == 0 ? maxResults : Math.min(request.getLimit(), maxResults);
            QueryResponse.Builder answer = QueryResponse.newBuilder();
            // The builder's repeated int64 is a primitive list: adding ids one by one boxes nothing.
            int total = snapshot.search(words, limit, answer::addTrackIds);
            answer.setTotal(total)
                    .setShard(layout.shard())
                    .setShardCount(layout.shardCount())
                    .setGeneration(snapshot.generation())
                    .setIndexedThroughTrackId(indexedThroughTrackId.getAsLong());
            response.onNext(answer.build());
            response.onCompleted();
            metrics.query(total == 0 ? Outcome.EMPTY : Outcome.HIT, System.nanoTime() - start, total);
        } catch (RuntimeException e) {
            log.error("index shard {}: query failed: {}", shardName(), e.toString(), e);
            fail(response, start, Outcome.ERROR, Status.INTERNAL.withDescription("the index failed to answer: " + e));
        }
    }

    private void fail(StreamObserver<QueryResponse> response, long start, Outcome outcome, Status status) {
        metrics.query(outcome, System.nanoTime() - start, 0);
        response.onError(status.asRuntimeException());
    }

    private String shardName() {
        return layout.shard() + "/" + layout.shardCount();
    }
}
