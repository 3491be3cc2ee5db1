package io.constellation.gateway.availability.internal;

import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.IOException;
import java.io.InputStream;

/**
 * {@code GetAvailability} with its own marshallers, on the wire format of availability.proto
 * unchanged: the request's packed int64 ids are read straight into an {@code int[]}
 * ({@link TrackIds}) and the counts written straight into the response's bytes
 * ({@link EncodedCounts}).
 *
 * <p>Why: the generated path builds a request message holding a {@code long} list, a
 * response builder growing an {@code int} list, the response message, and then encodes it
 * by walking that list again; for a 1,000-id call that is several kilobytes of garbage and
 * three passes over the ids besides the look-ups themselves (measured in
 * {@code io.constellation.bench.gateway.LookupPathBenchmark}). LocateSources keeps the
 * generated marshallers: it is one id and a short list.
 */
final class LookupMarshallers {

    /** GetAvailability as the generated stub describes it (name, type, schema), with these marshallers. */
    static final MethodDescriptor<TrackIds, EncodedCounts> GET_AVAILABILITY =
            AvailabilityServiceGrpc.getGetAvailabilityMethod()
                    .toBuilder(new RequestMarshaller(LookupService.MAX_IDS), new ResponseMarshaller())
                    .build();

    private LookupMarshallers() {
    }

    /** Reads the request bytes; malformed ones become a {@link TrackIds} that says so (never an exception). */
    static final class RequestMarshaller implements MethodDescriptor.Marshaller<TrackIds> {
        private final int maxIds;

        RequestMarshaller(int maxIds) {
            this.maxIds = maxIds;
        }

        @Override
        public InputStream stream(TrackIds value) {
            throw new UnsupportedOperationException("the gateway never sends a GetAvailabilityRequest");
        }

        @Override
        public TrackIds parse(InputStream stream) {
            byte[] bytes = readAll(stream);
            return TrackIds.read(bytes, bytes.length, maxIds);
        }
    }

    /** Sends the encoded bytes as they are. */
    static final class ResponseMarshaller implements MethodDescriptor.Marshaller<EncodedCounts> {
        @Override
        public InputStream stream(EncodedCounts value) {
            return value.stream();
        }

        @Override
        public EncodedCounts parse(InputStream stream) {
            return EncodedCounts.ofBytes(readAll(stream));
        }
    }

    /**
     * The whole message: gRPC hands over a stream of known length (the message is already
     * framed and size-checked), so this is one array of the exact size and one copy.
     */
    private static byte[] readAll(InputStream stream) {
        try (stream) {
            if (stream instanceof KnownLength) {
                byte[] bytes = new byte[stream.available()];
                int read = stream.readNBytes(bytes, 0, bytes.length);
                if (read == bytes.length && stream.read() < 0) {
                    return bytes;
                }
                throw Status.INTERNAL.withDescription("message shorter or longer than its announced length")
                        .asRuntimeException();
            }
            return stream.readAllBytes();
        } catch (IOException e) {
            throw Status.INTERNAL.withDescription("could not read the message").withCause(e).asRuntimeException();
        }
    }
}
