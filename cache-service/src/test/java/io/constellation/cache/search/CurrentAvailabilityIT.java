package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.testing.Closer;
import io.constellation.cache.search.SearchStageMetrics.Stage;
import io.constellation.cache.search.testing.SatelliteFeed;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.constellation.gateway.internal.GatewayMetrics;
import io.grpc.Deadline;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway stage against real gateways ({@link GatewayServer} on an H2 catalog), fed
 * through the gateway's own AvailabilityFeed over real loopback gRPC, as a satellite server
 * feeds it.
 */
class CurrentAvailabilityIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration ATTEMPT = Duration.ofMillis(500);
    private static final int N = 5000;

    private final Closer toClose = new Closer();
    private final TestCatalog db = TestCatalog.h2();
    private final SearchStageMetrics metrics = new SearchStageMetrics(new SimpleMeterRegistry());

    /** A result set in historical order: ids in a scrambled order, as ranking by history leaves them. */
    private final long[] ids = new long[N];
    /** What the gateway is fed: the truth each page is checked against. */
    private final int[] truth = new int[N];

    @AfterEach
    void closeAll() throws Exception {
        toClose.close();
        db.close();
    }

    @Test
    void everyPageIsPlacedExactlyAsWithEveryCountKnownAndTheFirstPageCostsOneCall() throws Exception {
        GatewayServer gw = gateway(Duration.ZERO);
        feed(gw, 0.1);
        CurrentAvailability client = client(List.of(addr(gw)), 1000, CurrentAvailability.GATEWAY_MAX_IDS);

        double before = lookups(gw);
        CurrentCounts first = client.forPage(ids, 0, 20, in(5)).get(10, TimeUnit.SECONDS);
        assertEquals(1.0, lookups(gw) - before, "one GetAvailability call for the first page");
        assertTrue(first.known() < N, "only a prefix asked: " + first.known());
        assertPageExact(first, 0, 20);

        for (int offset : new int[] {0, 20, 200, 480, 500, 1000, 4980, 4999}) {
            CurrentCounts c = client.forPage(ids, offset, 20, in(5)).get(10, TimeUnit.SECONDS);
            assertPageExact(c, offset, 20);
        }
        assertEquals(0, client.forPage(ids, N, 20, in(5)).get(10, TimeUnit.SECONDS).page(N, N, 20).size());
    }

    @Test
    void aPageAmongTheUnavailableAsksTheWholeSetInParallelCallsOfTheConfiguredSize() throws Exception {
        GatewayServer gw = gateway(Duration.ZERO);
        feed(gw, 0.02);
        CurrentAvailability client = client(List.of(addr(gw)), 100, 700);
        double before = lookups(gw);
        CurrentCounts c = client.forPage(ids, 3000, 50, in(5)).get(10, TimeUnit.SECONDS);
        assertEquals(N, c.known(), "the position of an unavailable result needs every count");
        assertPageExact(c, 3000, 50);
        assertTrue(lookups(gw) - before >= Math.ceil(N / 700.0), "split into calls of at most 700 ids");
    }

    @Test
    void aGatewayDownOrStillStartingIsSkippedForAnotherAndTheFailoverCounted() throws Exception {
        GatewayServer starting = gateway(Duration.ofSeconds(60)); // answers UNAVAILABLE for a minute
        GatewayServer gw = gateway(Duration.ZERO);
        feed(gw, 0.3);
        GatewayServer dead = gateway(Duration.ZERO);
        String deadAddr = addr(dead);
        dead.close();
        CurrentAvailability client = client(List.of(deadAddr, addr(starting), addr(gw)), 1000, 100_000);
        for (int q = 0; q < 3; q++) { // each rotation start meets a bad gateway first at least once
            assertPageExact(client.forPage(ids, 0, 20, in(5)).get(10, TimeUnit.SECONDS), 0, 20);
        }
        assertTrue(metrics.failovers(Stage.GATEWAY) >= 2, "failovers: " + metrics.failovers(Stage.GATEWAY));
    }

    @Test
    void noGatewayAnsweringFailsWithUnavailableAndAnUnavailableOutcome() throws Exception {
        GatewayServer a = gateway(Duration.ZERO);
        GatewayServer b = gateway(Duration.ofSeconds(60));
        String deadAddr = addr(a);
        a.close();
        CurrentAvailability client = client(List.of(deadAddr, addr(b)), 1000, 100_000);
        Status status;
        try {
            client.forPage(ids, 0, 20, in(5)).get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected no gateway to answer");
        } catch (ExecutionException e) {
            status = Status.fromThrowable(e.getCause());
        }
        assertEquals(Status.Code.UNAVAILABLE, status.getCode());
        assertTrue(status.getDescription().startsWith("gateway: no gateway answered: "), status.getDescription());
        assertTrue(status.getDescription().contains(deadAddr) && status.getDescription().contains(addr(b)),
                status.getDescription());
        assertEquals(1.0, metrics.calls(Stage.GATEWAY, StageOutcome.UNAVAILABLE));
        assertEquals(20, Ranking.historicalPage(N, 0, 20).size(), "the fallback the caller serves instead");
    }

    // ---- fixtures ----

    private void assertPageExact(CurrentCounts counts, int offset, int limit) {
        Page expected = Ranking.page(truth, N, N, offset, limit);
        Page got = counts.page(N, offset, limit);
        assertArrayEquals(expected.positions(), got.positions(), "offset " + offset + " (known " + counts.known() + ")");
        for (int p : got.positions()) {
            if (p < counts.known()) {
                assertEquals(truth[p], counts.counts()[p], "count of position " + p);
            }
        }
    }

    private GatewayServer gateway(Duration startupWait) throws InterruptedException {
        GatewayConfig config = GatewayConfig.builder().startupWait(startupWait).historicalJobScheduled(false).build();
        GatewayServer gw = new GatewayServer(config, db.catalog()).start();
        toClose.add(gw);
        if (startupWait.isZero()) {
            assertTrue(gw.awaitServing(WAIT));
        }
        return gw;
    }

    /** Fills the result set and feeds its availability, {@code share} of it available, as one satellite server's snapshot. */
    private void feed(GatewayServer gw, double share) throws InterruptedException {
        SplittableRandom random = new SplittableRandom(17);
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < N; i++) {
            ids[i] = 1 + (i * 7919L) % 100_003; // distinct, not ascending
            // Historically popular results (early positions) are more often available now.
            truth[i] = random.nextDouble() < share * (i < N / 10 ? 3 : 1) ? 1 + random.nextInt(5) : 0;
            if (truth[i] > 0) {
                counts.put(ids[i], truth[i]);
            }
        }
        toClose.add(new SatelliteFeed(gw.grpcPort(), "sat-1", counts, WAIT));
    }

    private CurrentAvailability client(List<String> gateways, int firstAsk, int maxIdsPerCall) {
        CurrentAvailability c = new CurrentAvailability(gateways, ATTEMPT, firstAsk, maxIdsPerCall, metrics);
        toClose.add(c);
        return c;
    }

    private static double lookups(GatewayServer gw) {
        return gw.registry().get(GatewayMetrics.LOOKUPS).tag(GatewayMetrics.TAG_OUTCOME, "ok").counter().count();
    }

    private static String addr(GatewayServer gw) {
        return "127.0.0.1:" + gw.grpcPort();
    }

    private static Deadline in(int seconds) {
        return Deadline.after(seconds, TimeUnit.SECONDS);
    }
}
