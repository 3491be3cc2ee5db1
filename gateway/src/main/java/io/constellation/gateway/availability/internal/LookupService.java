package io.constellation.gateway.availability.internal;

import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.internal.GatewayMetrics.LookupOutcome;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.constellation.proto.availability.v1.LocateSourcesRequest;
import io.constellation.proto.availability.v1.LocateSourcesResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.function.BooleanSupplier;

/**
 * {@code constellation.availability.v1.AvailabilityService}: answers from the
 * {@link ContributionStore}'s memory on gRPC's threads, without locks (GetAvailability) or
 * with one uncontended monitor per server (LocateSources). Until the gateway is ready
 * (see {@link FeedLoop}) both answer UNAVAILABLE, so a caller asks another gateway rather
 * than trust counts that are still arriving.
 */
public final class LookupService extends AvailabilityServiceGrpc.AvailabilityServiceImplBase {

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

    @Override
    public void getAvailability(GetAvailabilityRequest request, StreamObserver<GetAvailabilityResponse> response) {
        if (!ready.getAsBoolean()) {
            metrics.lookup(LookupOutcome.UNAVAILABLE, 0);
            response.onError(starting().asRuntimeException());
            return;
        }
        int n = request.getTrackIdsCount();
        if (n > MAX_IDS) {
            invalid(response, "at most " + MAX_IDS + " track ids per call, got " + n + "; split the request");
            return;
        }
        // The request's ids are a primitive list and the builder's counts too: the loop boxes
        // nothing and reads each total with one array load; the response is the only allocation.
        GetAvailabilityResponse.Builder answer = GetAvailabilityResponse.newBuilder();
        for (int i = 0; i < n; i++) {
            long id = request.getTrackIds(i);
            if (!ReportChecks.validTrack(id)) {
                invalid(response, "track_ids[" + i + "] = " + id + " is not a catalog track id (0 to 2^31-1)");
                return;
            }
            answer.addCounts(store.count((int) id));
        }
        answer.setServersReporting(store.serversReporting());
        response.onNext(answer.build());
        response.onCompleted();
        metrics.lookup(LookupOutcome.OK, n);
    }

    @Override
    public void locateSources(LocateSourcesRequest request, StreamObserver<LocateSourcesResponse> response) {
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
