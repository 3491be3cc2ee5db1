package io.constellation.gateway.availability.internal;

import io.constellation.proto.availability.v1.ReportResponse;
import io.grpc.Status;

/**
 * The gateway's end of one availability feed stream, as the {@link ContributionStore} sees
 * it. Called only by the store's writer thread, never concurrently, so implementations may
 * drive a gRPC response observer directly.
 */
interface FeedSink {

    /** A number naming the stream in logs (unique in this process). */
    long id();

    /** Where the stream comes from ("host:port"), for logs. */
    String peer();

    /** Sends an acknowledgement. */
    void send(ReportResponse response);

    /** Ends the stream with an error the satellite server can act on. */
    void fail(Status status);

    /** Ends the stream normally (after the satellite server half-closed it). */
    void complete();

    /** Flow control: the previous message is applied, deliver one more. */
    void requestNext();
}
