package io.constellation.gateway.availability.internal;

import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.internal.GatewayMetrics.LookupOutcome;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.LocateSourcesRequest;
import io.constellation.proto.availability.v1.LocateSourcesResponse;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;

/**
 * {@code constellation.availability.v1.AvailabilityService}: answers from the
 * {@link ContributionStore}'s memory on gRPC's threads, without locks (GetAvailability) or
 * with one uncontended monitor per server (LocateSources). Until the gateway is ready
 * (see {@link FeedLoop}) both answer UNAVAILABLE, so a caller asks another gateway rather
 * than trust counts that are still arriving.
 */
public final class LookupService implements BindableService {

    /** Most ids in one GetAvailability call (the contract's limit). */
    public static final int MAX_IDS = 100_000;

    private final ContributionStore store;
    private final BooleanSupplier ready;
    private final GatewayMetrics metrics;

    LookupService(ContributionStore store, BooleanSupplier ready, GatewayMetrics metrics) {
        this.store = store;
        this.ready = ready;
        this.metrics = metrics;
    }

    /**
     * The service as gRPC serves it: GetAvailability through {@link LookupMarshallers} (the
     * hot path), LocateSources through the generated marshallers. The service descriptor
     * keeps the generated schema, so reflection and health see the same service.
     */
    @Override
    public ServerServiceDefinition bindService() {
        ServiceDescriptor generated = AvailabilityServiceGrpc.getServiceDescriptor();
        ServiceDescriptor service = ServiceDescriptor.newBuilder(generated.getName())
                .setSchemaDescriptor(generated.getSchemaDescriptor())
                .addMethod(LookupMarshallers.GET_AVAILABILITY)
                .addMethod(AvailabilityServiceGrpc.getLocateSourcesMethod())
                .build();
        return ServerServiceDefinition.builder(service)
                .addMethod(LookupMarshallers.GET_AVAILABILITY, ServerCalls.asyncUnaryCall(this::getAvailability))
                .addMethod(AvailabilityServiceGrpc.getLocateSourcesMethod(), ServerCalls.asyncUnaryCall(this::locateSources))
                .build();
    }

    void getAvailability(TrackIds request, StreamObserver<EncodedCounts> response) {
        if (!ready.getAsBoolean()) {
            metrics.lookup(LookupOutcome.UNAVAILABLE, 0);
            response.onError(starting().asRuntimeException());
            return;
        }
        if (request.malformed() != null) {
            invalid(response, "GetAvailabilityRequest is not a valid protobuf message: " + request.malformed());
            return;
        }
        int n = request.count();
        if (n > MAX_IDS) {
            invalid(response, "at most " + MAX_IDS + " track ids per call, got " + n + "; split the request");
            return;
        }
        if (request.badIndex() >= 0) {
            invalid(response, "track_ids[" + request.badIndex() + "] = " + request.badId()
                    + " is not a catalog track id (0 to 2^31-1)");
            return;
        }
        // The counts overwrite the ids in the request's own int[] (the ids are not needed once
        // looked up), in a loop of independent loads (see AvailabilityTable.getAll), then go
        // straight into the response's bytes: no boxing, and the response buffer is the only
        // allocation besides the request's array.
        int[] counts = request.ids();
        store.countsInPlace(counts, n);
        response.onNext(EncodedCounts.of(counts, n, store.serversReporting()));
        response.onCompleted();
        metrics.lookup(LookupOutcome.OK, n);
    }

    void locateSources(LocateSourcesRequest request, StreamObserver<LocateSourcesResponse> response) {
        if (!ready.getAsBoolean()) {
            metrics.locate(LookupOutcome.UNAVAILABLE);
            response.onError(starting().asRuntimeException());
            return;
        }
        long id = request.getTrackId();
        if (!ReportChecks.validTrack(id)) {
            metrics.locate(LookupOutcome.INVALID);
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription("track_id " + id + " is not a catalog track id (0 to 2^31-1)").asRuntimeException());
            return;
        }
        response.onNext(LocateSourcesResponse.newBuilder().addAllSources(store.sources((int) id)).build());
        response.onCompleted();
        metrics.locate(LookupOutcome.OK);
    }

    private void invalid(StreamObserver<?> response, String message) {
        metrics.lookup(LookupOutcome.INVALID, 0);
        response.onError(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }

    private static Status starting() {
        return Status.UNAVAILABLE.withDescription("gateway starting: waiting for satellite servers' snapshots; "
                + "ask another gateway or retry in a few seconds");
    }
}
