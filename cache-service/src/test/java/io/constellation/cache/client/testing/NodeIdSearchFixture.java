package io.constellation.cache.client.testing;

import io.constellation.proto.search.v1.PrefetchRequest;
import io.constellation.proto.search.v1.PrefetchResponse;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.constellation.proto.search.v1.ServedFrom;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * TEST FIXTURE, not a cache node: a gRPC server on a loopback socket that serves
 * {@code SearchService} by answering every call with its own node id (and no results), or
 * failing it the way {@link Mode} says. It stands in for the real cache node in the
 * client's tests, which are about where calls go, not what they return.
 */
public final class NodeIdSearchFixture implements AutoCloseable {

    /** How the fixture answers. */
    public enum Mode {
        /** An answer carrying the node id. */
        ANSWER,
        /** UNAVAILABLE sent by the server over a healthy connection (as when its index shards are out). */
        UNAVAILABLE,
        /** INVALID_ARGUMENT (as for a query the server refuses). */
        INVALID_ARGUMENT,
        /** Never answers (a hung node). */
        HANG
    }

    private final String nodeId;
    private final Server server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile Mode mode = Mode.ANSWER;

    private NodeIdSearchFixture(String nodeId, int port) {
        this.nodeId = nodeId;
        this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new Service()).build();
    }

    /** A fixture answering as {@code nodeId} on 127.0.0.1:{@code port} (0 = any free port), started. */
    public static NodeIdSearchFixture start(String nodeId, int port) {
        NodeIdSearchFixture f = new NodeIdSearchFixture(nodeId, port);
        try {
            f.server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    public String nodeId() {
        return nodeId;
    }

    public int port() {
        return server.getPort();
    }

    /** Calls received so far (Search and Prefetch). */
    public int calls() {
        return calls.get();
    }

    public void mode(Mode newMode) {
        this.mode = newMode;
    }

    /** Stops at once: open connections are closed, hung calls cancelled. */
    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Service extends SearchServiceGrpc.SearchServiceImplBase {
        @Override
        public void search(SearchRequest request, StreamObserver<SearchResponse> answer) {
            respond(answer, SearchResponse.newBuilder().setNodeId(nodeId).setServedFrom(ServedFrom.SERVED_FROM_MEMORY)
                    .build());
        }

        @Override
        public void prefetch(PrefetchRequest request, StreamObserver<PrefetchResponse> answer) {
            respond(answer, PrefetchResponse.newBuilder().setNodeId(nodeId)
                    .setServedFrom(ServedFrom.SERVED_FROM_MEMORY).build());
        }

        private <T> void respond(StreamObserver<T> answer, T value) {
            calls.incrementAndGet();
            switch (mode) {
                case ANSWER -> {
                    answer.onNext(value);
                    answer.onCompleted();
                }
                case UNAVAILABLE -> answer.onError(Status.UNAVAILABLE
                        .withDescription(nodeId + ": index shard 0 of 1: no replica answered").asRuntimeException());
                case INVALID_ARGUMENT -> answer.onError(Status.INVALID_ARGUMENT
                        .withDescription(nodeId + " refuses the query").asRuntimeException());
                case HANG -> {
                    // Never answered: the client's attempt timeout ends the call.
                }
            }
        }
    }
}
