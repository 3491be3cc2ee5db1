package io.constellation.bench.gateway;

import io.grpc.Attributes;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Runs one unary call of a bound gRPC service the way gRPC's server does after the
 * transport: parse the request bytes with the method's marshaller, start the call through
 * its handler (and any interceptors), deliver the message and the half-close, and drain the
 * response the handler sends into a counting sink with the method's marshaller. What is
 * left out is exactly the transport (HTTP/2 framing, Netty, sockets), so the time of one
 * {@link #call} is the gateway's own work per call. Single-threaded.
 *
 * @param <ReqT>  the method's request type
 * @param <RespT> the method's response type
 */
final class CallHarness<ReqT, RespT> {

    private final MethodDescriptor<ReqT, RespT> method;
    private final ServerCallHandler<ReqT, RespT> handler;
    private final Sink sink = new Sink();
    private OutputStream target;
    private Status status;

    private CallHarness(ServerMethodDefinition<ReqT, RespT> definition) {
        this.method = definition.getMethodDescriptor();
        this.handler = definition.getServerCallHandler();
    }

    /** A harness for method {@code fullMethodName} of {@code service}. */
    @SuppressWarnings("unchecked")
    static CallHarness<?, ?> of(ServerServiceDefinition service, String fullMethodName) {
        ServerMethodDefinition<?, ?> m = service.getMethod(fullMethodName);
        if (m == null) {
            throw new IllegalArgumentException(service.getServiceDescriptor().getName() + " has no " + fullMethodName);
        }
        return new CallHarness<>((ServerMethodDefinition<Object, Object>) m);
    }

    /** Runs one call of {@code requestBytes}; returns the response's size in bytes. */
    long call(byte[] requestBytes) {
        return call(requestBytes, sink);
    }

    /** Runs one call and returns the response's bytes (for checks, not for timing). */
    byte[] answer(byte[] requestBytes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        call(requestBytes, out);
        return out.toByteArray();
    }

    private long call(byte[] requestBytes, OutputStream out) {
        target = out;
        sink.bytes = 0;
        status = null;
        ReqT request = method.parseRequest(new KnownLengthBytes(requestBytes));
        ServerCall.Listener<ReqT> listener = handler.startCall(new Call(), new Metadata());
        listener.onReady();
        listener.onMessage(request);
        listener.onHalfClose();
        listener.onComplete();
        if (status == null || !status.isOk()) {
            throw new IllegalStateException("call failed: " + status);
        }
        return sink.bytes;
    }

    /** The server side of one call, with no transport under it. */
    private final class Call extends ServerCall<ReqT, RespT> {
        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(RespT message) {
            try (InputStream in = method.streamResponse(message)) {
                long n = in instanceof io.grpc.Drainable d ? d.drainTo(target) : in.transferTo(target);
                if (target != sink) {
                    sink.bytes += n;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close(Status s, Metadata trailers) {
            status = s;
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public Attributes getAttributes() {
            return Attributes.EMPTY;
        }

        @Override
        public MethodDescriptor<ReqT, RespT> getMethodDescriptor() {
            return method;
        }
    }

    /** Copies what it is given into one reused buffer, as a transport's buffer would take it, and counts it. */
    private static final class Sink extends OutputStream {
        private final byte[] buffer = new byte[1 << 20];
        long bytes;

        @Override
        public void write(int b) {
            buffer[(int) (bytes++ & (buffer.length - 1))] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            int at = (int) (bytes & (buffer.length - 1));
            System.arraycopy(b, off, buffer, at, Math.min(len, buffer.length - at));
            bytes += len;
        }
    }

    /** Request bytes as gRPC hands them to a marshaller: a stream that knows its length. */
    private static final class KnownLengthBytes extends ByteArrayInputStream implements KnownLength {
        KnownLengthBytes(byte[] bytes) {
            super(bytes);
        }
    }
}
