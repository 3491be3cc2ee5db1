package io.constellation.gateway.availability.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.ops.ServiceMetrics;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.testing.FeedClient;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.constellation.proto.availability.v1.LocateSourcesRequest;
import io.constellation.proto.availability.v1.Source;
import io.grpc.BindableService;
import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feed and the look-ups together over in-process gRPC, with a test client acting as satellite servers. */
class AvailabilityServicesTest {

    private final PrometheusMeterRegistry registry = ServiceMetrics.create("test");
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private Availability availability;
    private ManagedChannel channel;
    private AvailabilityServiceGrpc.AvailabilityServiceBlockingStub lookups;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void lookupsAnswerCountsInRequestOrderSummedOverServers() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        feed("sat-1", 1).snapshot(Map.of(10, 2, 11, 1), 1);
        feed("sat-2", 1).snapshot(Map.of(10, 3, 12, 4), 100);
        GetAvailabilityResponse r = lookups.getAvailability(ids(12, 10, 99, 10, 0, 11));
        assertEquals(List.of(4, 5, 0, 5, 0, 1), r.getCountsList());
        assertEquals(2, r.getServersReporting());
        assertEquals(0, lookups.getAvailability(ids()).getCountsCount());
    }

    @Test
    void deltasShowInLookups() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        FeedClient sat = feed("sat-1", 1);
        sat.snapshot(Map.of(10, 2), 10);
        assertEquals(1L, sat.delta(10, -1, 20, 3).getAppliedThroughSequence());
        assertEquals(2L, sat.delta(20, 1).getAppliedThroughSequence());
        assertEquals(List.of(1, 4), lookups.getAvailability(ids(10, 20)).getCountsList());
    }

    @Test
    void tooManyIdsOrIdsOutsideTheCatalogRangeAreInvalidArguments() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        GetAvailabilityRequest.Builder many = GetAvailabilityRequest.newBuilder();
        for (int i = 0; i <= LookupService.MAX_IDS; i++) {
            many.addTrackIds(i);
        }
        assertInvalid(() -> lookups.getAvailability(many.build()), "at most 100000");
        assertInvalid(() -> lookups.getAvailability(ids(1, 1L << 31)), "track_ids[1] = 2147483648");
        assertInvalid(() -> lookups.getAvailability(ids(-1)), "track_ids[0] = -1");
        assertInvalid(() -> lookups.locateSources(LocateSourcesRequest.newBuilder().setTrackId(-5).build()), "-5");
        assertEquals(3.0, registry.get(GatewayMetrics.LOOKUPS).tag(GatewayMetrics.TAG_OUTCOME, "invalid").counter().count());
    }

    @Test
    void requestBytesThatAreNotProtobufAreAnInvalidArgumentAndTheGatewayKeepsServing() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        feed("sat-1", 1).snapshot(Map.of(10, 2), 10);
        MethodDescriptor<byte[], byte[]> raw = AvailabilityServiceGrpc.getGetAvailabilityMethod()
                .toBuilder(new RawBytes(), new RawBytes()).build();
        byte[] truncated = {0x0A, 0x05, 0x01};
        assertInvalid(() -> ClientCalls.blockingUnaryCall(channel, raw, CallOptions.DEFAULT, truncated),
                "not a valid protobuf message");
        assertEquals(1.0, registry.get(GatewayMetrics.LOOKUPS).tag(GatewayMetrics.TAG_OUTCOME, "invalid").counter().count());
        assertEquals(List.of(2), lookups.getAvailability(ids(10)).getCountsList());
    }

    @Test
    void lookupsAreUnavailableUntilTheExpectedServersHaveSentSnapshots() {
        start(Duration.ofSeconds(5), Duration.ofHours(1), 2);
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> lookups.getAvailability(ids(1)));
        assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("starting"));
        feed("sat-1", 1).snapshot(Map.of(1, 1), 10);
        assertThrows(StatusRuntimeException.class, () -> lookups.getAvailability(ids(1)), "one of two is not enough");
        feed("sat-2", 1).snapshot(Map.of(1, 2), 10);
        await(() -> availability.isReady(), "ready after both snapshots");
        assertEquals(List.of(3), lookups.getAvailability(ids(1)).getCountsList());
    }

    @Test
    void locateSourcesNamesTheServersAndTheirAddressesMostFirst() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        feed("sat-1", 1).snapshot(Map.of(10, 2), 10);
        feed("sat-2", 1).snapshot(Map.of(10, 5, 11, 1), 10);
        List<Source> sources = lookups.locateSources(LocateSourcesRequest.newBuilder().setTrackId(10).build())
                .getSourcesList();
        assertEquals(List.of("sat-2:7000", "sat-1:7000"), sources.stream().map(Source::getAddress).toList());
        assertEquals(List.of(5, 2), sources.stream().map(Source::getCount).toList());
        assertEquals(0, lookups.locateSources(LocateSourcesRequest.newBuilder().setTrackId(99).build()).getSourcesCount());
    }

    @Test
    void aCancelledStreamIsWithdrawnAfterTheGracePeriodAndNotBefore() {
        start(Duration.ofSeconds(2), Duration.ZERO, 0);
        FeedClient sat = feed("sat-1", 1);
        sat.snapshot(Map.of(10, 2), 10);
        long cut = System.nanoTime();
        sat.close();
        await(() -> availability.serversReporting() == 0, "withdrawn");
        assertTrue(System.nanoTime() - cut >= Duration.ofSeconds(2).toNanos(), "not before the grace period");
        assertEquals(List.of(0), lookups.getAvailability(ids(10)).getCountsList());
    }

    @Test
    void aSequenceGapEndsTheStreamWithInvalidArgument() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        FeedClient sat = feed("sat-1", 1);
        sat.snapshot(Map.of(10, 2), 10);
        sat.sendDelta(2, 10, 1);
        Status s = sat.awaitError(Duration.ofSeconds(10));
        assertEquals(Status.Code.INVALID_ARGUMENT, s.getCode());
        assertTrue(s.getDescription().contains("fresh snapshot"));
    }

    @Test
    void aNewerStreamOfTheSameServerClosesTheOlderOne() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        FeedClient old = feed("sat-1", 1);
        old.snapshot(Map.of(10, 2), 10);
        FeedClient fresh = feed("sat-1", 2);
        assertEquals(Status.Code.ALREADY_EXISTS, old.awaitError(Duration.ofSeconds(10)).getCode());
        fresh.snapshot(Map.of(10, 7), 10);
        assertEquals(List.of(7), lookups.getAvailability(ids(10)).getCountsList());
    }

    @Test
    void closingEndsEveryStreamWithUnavailable() {
        start(Duration.ofSeconds(5), Duration.ZERO, 0);
        FeedClient sat = feed("sat-1", 1);
        sat.snapshot(Map.of(10, 2), 10);
        availability.close();
        assertEquals(Status.Code.UNAVAILABLE, sat.awaitError(Duration.ofSeconds(10)).getCode());
        FeedClient late = feed("sat-2", 1);
        assertEquals(Status.Code.UNAVAILABLE, late.awaitError(Duration.ofSeconds(10)).getCode());
    }

    // ---- fixtures ----

    private void start(Duration grace, Duration startupWait, int expected) {
        availability = new Availability(grace, startupWait, expected, new GatewayMetrics(registry), registry,
                System::nanoTime, () -> { });
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name);
        for (BindableService s : availability.services()) {
            builder.addService(s);
        }
        try {
            Server server = builder.build().start();
            toClose.add(() -> server.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        availability.start();
        toClose.add(availability);
        channel = InProcessChannelBuilder.forName(name).build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
        lookups = AvailabilityServiceGrpc.newBlockingStub(channel).withDeadlineAfter(Duration.ofSeconds(10));
        if (startupWait.isZero()) {
            await(() -> availability.isReady(), "ready");
        }
    }

    private FeedClient feed(String serverId, long incarnation) {
        FeedClient c = new FeedClient(channel, serverId, incarnation, serverId + ":7000");
        toClose.add(c);
        return c;
    }

    private static GetAvailabilityRequest ids(long... ids) {
        GetAvailabilityRequest.Builder b = GetAvailabilityRequest.newBuilder();
        for (long id : ids) {
            b.addTrackIds(id);
        }
        return b.build();
    }

    private static void assertInvalid(Runnable call, String says) {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, call::run);
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains(says), e.getStatus().getDescription());
    }

    /** Sends and receives bytes as they are, to put what no protobuf encoder would on the wire. */
    private static final class RawBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
