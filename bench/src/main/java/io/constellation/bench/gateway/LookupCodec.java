package io.constellation.bench.gateway;

import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.KnownLength;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * How the load generator encodes GetAvailability calls and decodes the answers.
 * <ul>
 *   <li>{@link #RAW}: requests encoded once by protobuf before the run and sent as bytes;
 *       answers' packed counts decoded straight into an {@code int[]}. The client's CPU per
 *       call is as small as it can be, so on a machine where client and gateway share two
 *       cores, the gateway gets as much of them as possible.</li>
 *   <li>{@link #PROTOBUF}: the generated stub and messages, as an ordinary client would
 *       call the gateway.</li>
 * </ul>
 */
enum LookupCodec {
    RAW {
        private final MethodDescriptor<byte[], int[]> method = AvailabilityServiceGrpc.getGetAvailabilityMethod()
                .toBuilder(new RequestBytes(), new CountsOnly()).build();

        @Override
        void call(Channel channel, Requests requests, int r, Answer answer) {
            ClientCalls.asyncUnaryCall(channel.newCall(method, CallOptions.DEFAULT), requests.bytes(r),
                    new Observer<>(answer) {
                        @Override public void onNext(int[] counts) { this.counts = counts; }
                    });
        }
    },
    PROTOBUF {
        @Override
        void call(Channel channel, Requests requests, int r, Answer answer) {
            ClientCalls.asyncUnaryCall(channel.newCall(AvailabilityServiceGrpc.getGetAvailabilityMethod(),
                    CallOptions.DEFAULT), requests.message(r), new Observer<>(answer) {
                        @Override public void onNext(GetAvailabilityResponse response) {
                            int[] c = new int[response.getCountsCount()];
                            for (int i = 0; i < c.length; i++) {
                                c[i] = response.getCounts(i);
                            }
                            this.counts = c;
                        }
                    });
        }
    };

    /** Starts one call of request {@code r}; {@code answer} hears how it ended, on a transport thread. */
    abstract void call(Channel channel, Requests requests, int r, Answer answer);

    /** The end of one call. */
    interface Answer {
        /** @param counts the answer's counts, or null when the call failed with {@code error} */
        void done(int[] counts, Throwable error);
    }

    /** Adapts a unary call's observer to {@link Answer}. */
    private abstract static class Observer<T> implements StreamObserver<T> {
        private final Answer answer;
        int[] counts;

        Observer(Answer answer) {
            this.answer = answer;
        }

        @Override
        public void onError(Throwable t) {
            answer.done(null, t);
        }

        @Override
        public void onCompleted() {
            answer.done(counts, null);
        }
    }

    /** Requests as pre-encoded bytes. */
    private static final class RequestBytes implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new KnownLengthBytes(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            throw new UnsupportedOperationException("clients do not parse requests");
        }
    }

    /** Bytes whose length gRPC can see without copying them first. */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }
    }

    /** Decodes a GetAvailabilityResponse's packed counts (field 1); skips servers_reporting. */
    private static final class CountsOnly implements MethodDescriptor.Marshaller<int[]> {
        @Override
        public InputStream stream(int[] value) {
            throw new UnsupportedOperationException("clients do not send responses");
        }

        @Override
        public int[] parse(InputStream stream) {
            byte[] b;
            try (stream) {
                b = stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return decode(b);
        }
    }

    /** The counts of an encoded GetAvailabilityResponse (as written by any protobuf encoder). */
    static int[] decode(byte[] b) {
        int[] counts = new int[0];
        int n = 0;
        int[] pos = {0};
        while (pos[0] < b.length) {
            int key = (int) varint(b, pos);
            if (key == ((1 << 3) | 2)) {
                int end = (int) varint(b, pos) + pos[0];
                int more = 0;
                for (int i = pos[0]; i < end; i++) {
                    more += b[i] >= 0 ? 1 : 0;
                }
                counts = java.util.Arrays.copyOf(counts, n + more);
                while (pos[0] < end) {
                    counts[n++] = (int) varint(b, pos);
                }
            } else if (key == (1 << 3)) {
                counts = java.util.Arrays.copyOf(counts, n + 1);
                counts[n++] = (int) varint(b, pos);
            } else if ((key & 7) == 0) {
                varint(b, pos);
            } else {
                throw new IllegalStateException("unexpected field " + (key >>> 3) + " type " + (key & 7));
            }
        }
        return counts;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    /** The pre-built requests of a run, in both encodings. */
    interface Requests {
        byte[] bytes(int r);

        GetAvailabilityRequest message(int r);
    }
}
