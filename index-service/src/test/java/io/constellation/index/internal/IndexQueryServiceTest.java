package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Track;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.index.Doc;
import io.constellation.index.IndexState;
import io.constellation.index.SegmentBuilder;
import io.constellation.index.ShardLayout;
import io.constellation.index.Snapshot;
import io.constellation.proto.index.v1.IndexServiceGrpc;
import io.constellation.proto.index.v1.QueryRequest;
import io.constellation.proto.index.v1.QueryResponse;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query service over in-process gRPC, on shard 1 of 3 of a small index built in memory. */
class IndexQueryServiceTest {

    private static final ShardLayout LAYOUT = new ShardLayout(1, 3);
    private static final int MAX_RESULTS = 5;

    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private Server server;
    private ManagedChannel channel;
    private IndexServiceGrpc.IndexServiceBlockingStub stub;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        IndexMetrics metrics = new IndexMetrics(ServiceMetrics.create("test"));
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(new IndexQueryService(LAYOUT, snapshot::get, () -> 28L, MAX_RESULTS, metrics))
                .build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        stub = IndexServiceGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() {
        channel.shutdownNow();
        server.shutdownNow();
    }

    @Test
    void aShardStillLoadingAnswersUnavailable() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.query(query(0, "love")));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("1/3"));
    }

    @Test
    void answersCarryTrackIdsAscendingWithTheShardAndGeneration() {
        load();
        QueryResponse r = stub.query(query(0, "Love", "SONG"));
        assertEquals(List.of(1L, 4L, 7L, 10L, 13L), r.getTrackIdsList());
        assertEquals(10, r.getTotal());
        assertEquals(1, r.getShard());
        assertEquals(3, r.getShardCount());
        assertEquals(28L, r.getIndexedThroughTrackId());
        assertEquals(0L, r.getGeneration());
    }

    @Test
    void limitZeroMeansTheMaximumAndLargerLimitsAreLowered() {
        load();
        assertEquals(MAX_RESULTS, stub.query(query(0, "love")).getTrackIdsCount());
        assertEquals(MAX_RESULTS, stub.query(query(1000, "love")).getTrackIdsCount());
        assertEquals(2, stub.query(query(2, "love")).getTrackIdsCount());
    }

    @Test
    void anUnknownWordAnswersEmptyWithTotalZero() {
        load();
        QueryResponse r = stub.query(query(0, "love", "nosuchword"));
        assertEquals(0, r.getTrackIdsCount());
        assertEquals(0, r.getTotal());
    }

    private void load() {
        List<Doc> docs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long id = LAYOUT.trackId(i);
            docs.add(TrackDocs.doc(LAYOUT, new Track(id, "Artist " + i, "Love Song " + i, "")));
        }
        snapshot.set(new IndexState(SegmentBuilder.build(LAYOUT, 1, docs), 0).snapshot());
    }

    private static QueryRequest query(int limit, String... words) {
        return QueryRequest.newBuilder().addAllWords(List.of(words)).setLimit(limit).build();
    }
}
