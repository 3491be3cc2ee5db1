package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.testing.Closer;
import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.grpc.Deadline;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fan-out against real index shards: {@link IndexServer}s on an H2 catalog, real gRPC
 * over loopback sockets; dead replicas are closed servers, hung ones are sockets that
 * accept and never answer.
 */
class IndexFanoutIT {

    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final Duration ATTEMPT = Duration.ofMillis(400);
    private static final int TRACKS = 120;

    @TempDir
    Path dir;

    private final Closer toClose = new Closer();
    private final TestCatalog db = TestCatalog.h2();
    private final SearchStageMetrics metrics = new SearchStageMetrics(new SimpleMeterRegistry());
    private long[] loveIds;

    @BeforeEach
    void catalog() {
        TrackStore store = new TrackStore(db.catalog());
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) {
            tracks.add(new Track(0, "Artist " + i, (i % 3 == 0 ? "Love " : "Rain ") + "Song " + i, "Album"));
        }
        store.insertTracks(tracks);
        loveIds = store.tracksAfter(0, 0, 1, 1000).stream().filter(t -> t.title().startsWith("Love"))
                .mapToLong(Track::id).toArray();
    }

    @AfterEach
    void closeAll() throws Exception {
        toClose.close();
        db.close();
    }

    @Test
    void everyShardIsAskedAndTheAnswersMergeIntoOneAscendingList() throws Exception {
        IndexServer s0 = shard(0, 2, "s0");
        IndexServer s1 = shard(1, 2, "s1");
        IndexFanout fanout = fanout(List.of(List.of(addr(s0)), List.of(addr(s1))));
        IndexAnswer answer = fanout.query(List.of("love"), in(5)).get(10, TimeUnit.SECONDS);
        assertArrayEquals(loveIds, answer.ids());
        assertEquals(2, answer.generations().length);
        assertFalse(answer.truncated());
        assertEquals(0, fanout.query(List.of("love", "zzz"), in(5)).get(10, TimeUnit.SECONDS).ids().length);
        assertEquals(2.0, metrics.calls(Stage.INDEX, StageOutcome.OK));
    }

    @Test
    void aDeadReplicaIsReplacedByAnotherOfItsShardAndTheFailoverCounted() throws Exception {
        IndexServer s0a = shard(0, 2, "s0a");
        IndexServer s0b = shard(0, 2, "s0b");
        IndexServer s1 = shard(1, 2, "s1");
        IndexFanout fanout = fanout(List.of(List.of(addr(s0a), addr(s0b)), List.of(addr(s1))));
        s0a.close();
        for (int q = 0; q < 4; q++) { // the rotation starts on the dead replica in half of them
            assertArrayEquals(loveIds, fanout.query(List.of("love"), in(5)).get(10, TimeUnit.SECONDS).ids());
        }
        assertTrue(metrics.failovers(Stage.INDEX) >= 1, "failovers counted");
    }

    @Test
    void aHungReplicaIsGivenUpAfterTheAttemptTimeoutAndAnotherAnswers() throws Exception {
        String hung = hungServer();
        IndexServer s0 = shard(0, 1, "s0");
        IndexFanout fanout = fanout(List.of(List.of(hung, addr(s0))));
        long start = System.nanoTime();
        assertArrayEquals(loveIds, fanout.query(List.of("love"), in(10)).get(15, TimeUnit.SECONDS).ids());
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs >= ATTEMPT.toMillis() - 50 && tookMs < 5_000, "took " + tookMs + " ms");
        assertEquals(1.0, metrics.failovers(Stage.INDEX));
    }

    @Test
    void aShardWithNoLiveReplicaFailsTheQueryWithUnavailableNamingTheShardNeverPartially() throws Exception {
        IndexServer s0 = shard(0, 2, "s0");
        IndexServer s1a = shard(1, 2, "s1a");
        IndexServer s1b = shard(1, 2, "s1b");
        String a = addr(s1a);
        String b = addr(s1b);
        IndexFanout fanout = fanout(List.of(List.of(addr(s0)), List.of(a, b)));
        s1a.close();
        s1b.close();
        Status status = failure(fanout, List.of("love"), in(10));
        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertTrue(status.getDescription().startsWith("index shard 1 of 2: no replica answered: "),
                status.getDescription());
        assertTrue(status.getDescription().contains(a) && status.getDescription().contains(b),
                "each replica's error is listed: " + status.getDescription());
        assertEquals(1.0, metrics.calls(Stage.INDEX, StageOutcome.UNAVAILABLE));
    }

    @Test
    void whenEveryReplicaHangsTheQueryEndsAtItsDeadlineNamingTheShard() throws Exception {
        IndexFanout fanout = fanout(List.of(List.of(hungServer(), hungServer())));
        long start = System.nanoTime();
        Status status = failure(fanout, List.of("love"), Deadline.after(600, TimeUnit.MILLISECONDS));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(status.getCode() == Status.Code.DEADLINE_EXCEEDED || status.getCode() == Status.Code.UNAVAILABLE,
                status.toString());
        assertTrue(status.getDescription().startsWith("index shard 0 of 1: "), status.getDescription());
        assertTrue(tookMs < 3_000, "ended near its deadline, took " + tookMs + " ms");
    }

    @Test
    void aReplicaOfAnotherLayoutIsNotTrustedAndTheQueryRefusedWordsAreInvalidArgument() throws Exception {
        IndexServer s0of2 = shard(0, 2, "s0of2");
        IndexFanout wrong = fanout(List.of(List.of(addr(s0of2))));
        Status status = failure(wrong, List.of("love"), in(5));
        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertTrue(status.getDescription().contains("expected 0 of 1"), status.getDescription());

        IndexServer s0 = shard(0, 1, "s0");
        IndexServer s0b = shard(0, 1, "s0b");
        IndexFanout fanout = fanout(List.of(List.of(addr(s0), addr(s0b))));
        Status invalid = failure(fanout, List.of("!!!"), in(5));
        assertEquals(Status.Code.INVALID_ARGUMENT, invalid.getCode());
        assertEquals(0.0, metrics.failovers(Stage.INDEX), "a refused query is not retried elsewhere");
    }

    // ---- fixtures ----

    private IndexServer shard(int shard, int shards, String name) throws InterruptedException {
        IndexServerConfig config = IndexServerConfig.builder(shard, shards, dir.resolve(name))
                .pollInterval(Duration.ofMillis(100)).build();
        IndexServer server = new IndexServer(config, db.catalog()).start();
        toClose.add(server);
        assertTrue(server.awaitServing(LOAD), "shard " + name + " loaded");
        return server;
    }

    private IndexFanout fanout(List<List<String>> layout) {
        IndexFanout fanout = new IndexFanout(new IndexShards(layout), ATTEMPT, metrics);
        toClose.add(fanout);
        return fanout;
    }

    private static String addr(IndexServer s) {
        return "127.0.0.1:" + s.grpcPort();
    }

    private static Deadline in(int seconds) {
        return Deadline.after(seconds, TimeUnit.SECONDS);
    }

    private static Status failure(IndexFanout fanout, List<String> words, Deadline deadline) throws Exception {
        try {
            fanout.query(words, deadline).get(15, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return Status.fromThrowable(e.getCause());
        }
        throw new AssertionError("expected the query to fail");
    }

    /** A TCP server that accepts connections and never reads or writes: a hung process. */
    private String hungServer() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    accepted.add(socket.accept());
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "hung-server");
        acceptor.setDaemon(true);
        acceptor.start();
        toClose.add(() -> {
            socket.close();
            for (Socket s : accepted) {
                s.close();
            }
        });
        return "127.0.0.1:" + socket.getLocalPort();
    }
}
