package io.constellation.satellite.node.internal;

import io.constellation.proto.satellite.admin.v1.DrainRequest;
import io.constellation.proto.satellite.admin.v1.DrainResponse;
import io.constellation.proto.satellite.admin.v1.GatewayLink;
import io.constellation.proto.satellite.admin.v1.SatelliteAdminGrpc;
import io.constellation.proto.satellite.admin.v1.StatusRequest;
import io.constellation.proto.satellite.admin.v1.StatusResponse;
import io.constellation.satellite.feed.AvailabilityPublisher;
import io.constellation.satellite.feed.GatewayStatus;
import io.constellation.satellite.node.SatelliteNode;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;

/**
 * The operators' RPCs on a satellite node. Drain answers when the last satellite is gone
 * (its future may complete on an event loop: the reply is only handed to gRPC there).
 */
public final class SatelliteAdminService extends SatelliteAdminGrpc.SatelliteAdminImplBase {

    private final SatelliteNode node;

    public SatelliteAdminService(SatelliteNode node) {
        this.node = node;
    }

    @Override
    public void drain(DrainRequest request, StreamObserver<DrainResponse> response) {
        Duration spread = request.getSpreadMs() == 0
                ? node.config().server().drainSpread()
                : Duration.ofMillis(request.getSpreadMs());
        int connected = node.server().connections();
        node.drain(spread).whenComplete((done, failure) -> {
            if (failure != null) {
                response.onError(Status.INTERNAL.withDescription("drain failed: " + failure.getMessage())
                        .withCause(failure).asRuntimeException());
            } else {
                response.onNext(DrainResponse.newBuilder().setSatellitesNotified(connected).build());
                response.onCompleted();
            }
        });
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> response) {
        StatusResponse.Builder status = StatusResponse.newBuilder()
                .setServerId(node.config().server().serverId())
                .setConnections(node.server().connections())
                .setSessions(node.server().sessions())
                .setTracksAvailable(node.counts().trackCount())
                .setDraining(node.draining());
        AvailabilityPublisher feed = node.publisher();
        if (feed != null) {
            for (GatewayStatus g : feed.status()) {
                status.addGateways(GatewayLink.newBuilder().setAddress(g.target()).setConnected(g.connected()));
            }
        }
        response.onNext(status.build());
        response.onCompleted();
    }
}
