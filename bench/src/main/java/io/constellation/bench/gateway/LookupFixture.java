package io.constellation.bench.gateway;

import io.constellation.common.ops.ServiceMetrics;
import io.constellation.gateway.availability.internal.Availability;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's availability state holding {@code tracks} tracks (fed over an in-process
 * channel by a {@link SyntheticFeed}), a pool of GetAvailability requests over them, and a
 * {@link CallHarness} per look-up path: what {@link LookupPathBenchmark} and
 * {@link LookupPathComparison} measure. Single-threaded use after construction.
 */
final class LookupFixture implements AutoCloseable {

    /** The ways a call can be answered; see {@link LookupPathBenchmark}. */
    enum Path { GENERATED, MARSHALLERS, LOOKUPS_ONLY;

        static Path of(String name) {
            return switch (name) {
                case "generated" -> GENERATED;
                case "marshallers" -> MARSHALLERS;
                case "lookupsOnly" -> LOOKUPS_ONLY;
                default -> valueOf(name.toUpperCase(Locale.ROOT));
            };
        }
    }

    private static final String GET_AVAILABILITY = AvailabilityServiceGrpc.getGetAvailabilityMethod().getFullMethodName();

    private final PrometheusMeterRegistry registry = ServiceMetrics.create("bench");
    private final GatewayMetrics gatewayMetrics = new GatewayMetrics(registry);
    private final Availability availability;
    private final Server server;
    private final ManagedChannel channel;
    private final SyntheticFeed feed;
    private final RequestPool requests;

    LookupFixture(int tracks, int idsPerCall, int requestCount, double zipf) {
        availability = new Availability(Duration.ofSeconds(5), Duration.ZERO, 0, gatewayMetrics, registry,
                System::nanoTime, () -> { });
        String name = InProcessServerBuilder.generateName();
        InProcessServerBuilder builder = InProcessServerBuilder.forName(name).directExecutor();
        availability.services().forEach(builder::addService);
        try {
            server = builder.build().start();
            availability.start();
            if (!availability.awaitReady(Duration.ofSeconds(10))) {
                throw new IllegalStateException("gateway state not ready");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
        feed = SyntheticFeed.start(channel, "bench-feed", tracks, Duration.ofMinutes(2));
        requests = new RequestPool(requestCount, idsPerCall, new TrackIdSampler(tracks, zipf), 42);
    }

    RequestPool requests() {
        return requests;
    }

    /**
     * A harness calling GetAvailability the {@code path} way (GENERATED or MARSHALLERS),
     * through Micrometer's gRPC interceptor when {@code withMetrics}.
     */
    CallHarness<?, ?> harness(Path path, boolean withMetrics) {
        BindableService service = switch (path) {
            case GENERATED -> new GeneratedLookupService(availability, gatewayMetrics);
            case MARSHALLERS -> availability.services().get(0);
            case LOOKUPS_ONLY -> throw new IllegalArgumentException("look-ups alone have no call");
        };
        ServerServiceDefinition definition = service.bindService();
        if (withMetrics) {
            definition = ServerInterceptors.intercept(definition, new MetricCollectingServerInterceptor(registry));
        }
        return CallHarness.of(definition, GET_AVAILABILITY);
    }

    /** The table reads of request {@code r} alone, summed: what any path must pay. */
    long lookupsOnly(int r) {
        long sum = 0;
        for (int id : requests.ids(r)) {
            sum += availability.count(id);
        }
        return sum;
    }

    @Override
    public void close() throws InterruptedException {
        feed.close();
        availability.close();
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        registry.close();
    }
}
