package io.constellation.bench.gateway;

import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import java.util.SplittableRandom;

/**
 * The GetAvailability requests of a load run, built before it starts so that drawing ids
 * and encoding them costs the measured client nothing: {@code size} requests of
 * {@code ids} ids each, drawn by a {@link TrackIdSampler}. Immutable once built.
 */
final class RequestPool implements LookupCodec.Requests {

    private final int[][] ids;
    private final byte[][] bytes;
    private final GetAvailabilityRequest[] messages;

    RequestPool(int size, int idsPerRequest, TrackIdSampler sampler, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        this.ids = new int[size][];
        this.bytes = new byte[size][];
        this.messages = new GetAvailabilityRequest[size];
        for (int r = 0; r < size; r++) {
            int[] draw = new int[idsPerRequest];
            GetAvailabilityRequest.Builder b = GetAvailabilityRequest.newBuilder();
            for (int i = 0; i < idsPerRequest; i++) {
                draw[i] = sampler.next(random);
                b.addTrackIds(draw[i]);
            }
            ids[r] = draw;
            messages[r] = b.build();
            bytes[r] = messages[r].toByteArray();
        }
    }

    int size() {
        return ids.length;
    }

    /** The ids of request {@code r}, in order (do not modify). */
    int[] ids(int r) {
        return ids[r];
    }

    /** Mean encoded request size in bytes. */
    double meanBytes() {
        long sum = 0;
        for (byte[] b : bytes) {
            sum += b.length;
        }
        return (double) sum / bytes.length;
    }

    @Override
    public byte[] bytes(int r) {
        return bytes[r];
    }

    @Override
    public GetAvailabilityRequest message(int r) {
        return messages[r];
    }
}
