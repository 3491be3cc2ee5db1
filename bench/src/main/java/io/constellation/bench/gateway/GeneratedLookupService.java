package io.constellation.bench.gateway;

import io.constellation.gateway.availability.internal.Availability;
import io.constellation.gateway.availability.internal.LookupService;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.internal.GatewayMetrics.LookupOutcome;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The gateway's GetAvailability as it was before its own marshallers (commit ec90749): the
 * generated request and response messages, the counts added to the response builder one
 * by one. Kept here, verbatim apart from reading counts through {@link Availability}, as
 * the baseline of {@link LookupPathBenchmark}; not a service anyone runs.
 */
final class GeneratedLookupService extends AvailabilityServiceGrpc.AvailabilityServiceImplBase {

    private final Availability availability;
    private final GatewayMetrics metrics;

    GeneratedLookupService(Availability availability, GatewayMetrics metrics) {
        this.availability = availability;
        this.metrics = metrics;
    }

    @Override
    public void getAvailability(GetAvailabilityRequest request, StreamObserver<GetAvailabilityResponse> response) {
        if (!availability.isReady()) {
            metrics.lookup(LookupOutcome.UNAVAILABLE, 0);
            response.onError(Status.UNAVAILABLE.withDescription("gateway starting").asRuntimeException());
            return;
        }
        int n = request.getTrackIdsCount();
        if (n > LookupService.MAX_IDS) {
            invalid(response, "at most " + LookupService.MAX_IDS + " track ids per call, got " + n);
            return;
        }
        GetAvailabilityResponse.Builder answer = GetAvailabilityResponse.newBuilder();
        for (int i = 0; i < n; i++) {
            long id = request.getTrackIds(i);
            if (id < 0 || id > Integer.MAX_VALUE) {
                invalid(response, "track_ids[" + i + "] = " + id + " is not a catalog track id (0 to 2^31-1)");
                return;
            }
            answer.addCounts(availability.count((int) id));
        }
        answer.setServersReporting(availability.serversReporting());
        response.onNext(answer.build());
        response.onCompleted();
        metrics.lookup(LookupOutcome.OK, n);
    }

    private void invalid(StreamObserver<?> response, String message) {
        metrics.lookup(LookupOutcome.INVALID, 0);
        response.onError(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }
}
