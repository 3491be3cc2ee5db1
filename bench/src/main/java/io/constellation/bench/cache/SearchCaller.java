package io.constellation.bench.cache;

import io.constellation.cache.client.CacheNode;
import io.constellation.cache.client.SearchClient;
import io.constellation.cache.client.SearchClientConfig;
import io.constellation.common.search.InvalidQueryException;
import io.constellation.common.search.QueryKey;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * How a benchmark sends one search of a pool's query: through the {@link SearchClient} a
 * web front end uses ({@code client}), or over raw stubs to the query's owner on the
 * client's ring ({@code stub}: requests built once, one channel per node, answers handled
 * on the transport thread, so the client's own cost is as small as gRPC allows).
 * Completions arrive on gRPC threads and must not block.
 */
interface SearchCaller extends AutoCloseable {

    /** Sends a search of query {@code index}; {@code done} gets the answer or the error. */
    void search(int index, BiConsumer<SearchResponse, Throwable> done);

    @Override
    void close() throws InterruptedException;

    /** A caller of {@code via} ("client" or "stub") over {@code nodes} for {@code pool}'s queries. */
    static SearchCaller of(String via, List<CacheNode> nodes, QueryPool pool, int limit) {
        SearchClientConfig.Builder config = SearchClientConfig.builder().deadline(Duration.ofSeconds(30))
                .attemptTimeout(Duration.ofSeconds(20));
        nodes.forEach(config::node);
        SearchClient client = new SearchClient(config.build());
        return switch (via) {
            case "client" -> new ThroughClient(client, pool, limit);
            case "stub" -> new RawStubs(client, nodes, pool, limit);
            default -> throw new IllegalArgumentException("--via must be client or stub, not " + via);
        };
    }

    /** Every search through {@link SearchClient#search}. */
    final class ThroughClient implements SearchCaller {
        private final SearchClient client;
        private final QueryPool pool;
        private final int limit;

        ThroughClient(SearchClient client, QueryPool pool, int limit) {
            this.client = client;
            this.pool = pool;
            this.limit = limit;
        }

        @Override
        public void search(int index, BiConsumer<SearchResponse, Throwable> done) {
            client.search(pool.query(index), 0, limit).whenComplete(done);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Each query's owner is looked up once on the client's ring; then raw stubs. */
    final class RawStubs implements SearchCaller {
        private final SearchClient routing;
        private final ManagedChannel[] channels;
        private final SearchServiceGrpc.SearchServiceStub[] stubs;
        /** Per query: its owner's index in {@link #stubs}, and its request, built once (no allocation per call). */
        private final int[] owner;
        private final SearchRequest[] requests;

        RawStubs(SearchClient routing, List<CacheNode> nodes, QueryPool pool, int limit) {
            this.routing = routing;
            this.channels = new ManagedChannel[nodes.size()];
            this.stubs = new SearchServiceGrpc.SearchServiceStub[nodes.size()];
            Map<String, Integer> byId = nodes.stream().collect(Collectors.toMap(CacheNode::id, nodes::indexOf));
            for (int n = 0; n < channels.length; n++) {
                // directExecutor: the answer is handled, and the next call started, on the
                // transport thread that read it: no hand-off.
                channels[n] = NettyChannelBuilder.forAddress(nodes.get(n).host(), nodes.get(n).port()).usePlaintext()
                        .directExecutor().build();
                stubs[n] = SearchServiceGrpc.newStub(channels[n]);
            }
            this.owner = new int[pool.distinct()];
            this.requests = new SearchRequest[pool.distinct()];
            for (int q = 0; q < owner.length; q++) {
                owner[q] = byId.get(routing.owners(key(pool.query(q))).primary().id());
                requests[q] = SearchRequest.newBuilder().setQuery(pool.query(q)).setOffset(0).setLimit(limit).build();
            }
        }

        private static QueryKey key(String query) {
            try {
                return QueryKey.of(query);
            } catch (InvalidQueryException e) {
                throw new IllegalArgumentException("the pool holds a query the API refuses: " + query, e);
            }
        }

        @Override
        public void search(int index, BiConsumer<SearchResponse, Throwable> done) {
            stubs[owner[index]].withDeadlineAfter(30, TimeUnit.SECONDS).search(requests[index], new StreamObserver<>() {
                private SearchResponse answer;

                @Override public void onNext(SearchResponse r) { answer = r; }
                @Override public void onError(Throwable t) { done.accept(null, t); }
                @Override public void onCompleted() { done.accept(answer, null); }
            });
        }

        @Override
        public void close() throws InterruptedException {
            for (ManagedChannel c : channels) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            routing.close();
        }
    }
}
