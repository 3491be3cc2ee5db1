package io.constellation.gateway.availability.internal;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.net.SocketAddress;

/**
 * Puts each call's remote address into the gRPC {@link Context}, because a service's
 * stream observer cannot see the call's attributes and the feed logs name the peer.
 * Stateless; one instance serves every call.
 */
final class PeerAddress implements ServerInterceptor {

    private static final Context.Key<SocketAddress> REMOTE = Context.key("constellation-remote-address");

    /** The remote address of the call running on this thread, or null outside a call. */
    static SocketAddress current() {
        return REMOTE.get();
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                       ServerCallHandler<Q, R> next) {
        SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
        return Contexts.interceptCall(Context.current().withValue(REMOTE, remote), call, headers, next);
    }
}
