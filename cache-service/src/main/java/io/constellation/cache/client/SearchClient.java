package io.constellation.cache.client;

import io.constellation.cache.client.internal.ChannelFactory;
import io.constellation.cache.client.internal.ClientMeters;
import io.constellation.cache.client.internal.ClientMeters.Method;
import io.constellation.cache.client.internal.Router;
import io.constellation.cache.client.internal.RoutingTable;
import io.constellation.cache.search.internal.Futures;
import io.constellation.common.ring.Owners;
import io.constellation.common.search.InvalidQueryException;
import io.constellation.common.search.QueryKey;
import io.constellation.proto.search.v1.PrefetchRequest;
import io.constellation.proto.search.v1.PrefetchResponse;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The client web front ends search with: sends each query to the cache node that owns it on
 * the consistent-hashing ring (where its result set is warm), and to its secondary when the
 * owner fails (see search.proto: any node answers any query correctly).
 *
 * <ul>
 *   <li>The query's {@link QueryKey} is computed here: a query the API refuses fails with
 *       INVALID_ARGUMENT without a network call, as do an offset below 0 and a limit outside
 *       1..{@link #MAX_LIMIT}.
 *   <li>Failover, down-marking and recovery: see {@link SearchClientConfig.Builder#downTime}
 *       and the internal {@code Router} and {@code RoutingTable}. In short: UNAVAILABLE and
 *       DEADLINE_EXCEEDED go on to the secondary (counted in
 *       {@link SearchClientMetrics#FAILOVERS}); a node found down is skipped until its down
 *       time passes and its channel connects again, then real traffic confirms it. Other
 *       errors are final.
 *   <li>Membership can change at runtime ({@link #addNode}, {@link #removeNode},
 *       {@link #reweight}): each change builds a new ring and swaps it in atomically; a
 *       call uses one ring from start to end.
 * </ul>
 *
 * <p>Futures complete on gRPC's executor threads: do not block in their callbacks. The
 * blocking methods must not be called from such a thread either. Owns one channel per
 * node, closed by {@link #close()}. Thread-safe.
 */
public final class SearchClient implements AutoCloseable {

    /** Largest page the API serves. */
    public static final int MAX_LIMIT = 200;

    private final RoutingTable table;
    private final Router router;

    /** A client of {@code config}'s nodes: one channel each, connected on first use. */
    public SearchClient(SearchClientConfig config) {
        this.table = new RoutingTable(config, new ChannelFactory(config.channelOptions()));
        ClientMeters meters = new ClientMeters(config.meterRegistry() == null ? new SimpleMeterRegistry()
                : config.meterRegistry(), table);
        this.router = new Router(table, meters, config.deadline(), config.attemptTimeout());
    }

    /**
     * One page of {@code query}'s results, from its owner or, when that fails, its secondary.
     *
     * @return completes with the answer ({@code node_id} says which node gave it), or
     *     exceptionally with a {@link StatusRuntimeException}
     */
    public CompletableFuture<SearchResponse> search(String query, int offset, int limit) {
        String pageProblem = pageProblem(offset, limit);
        if (pageProblem != null) {
            return refused(Method.SEARCH, pageProblem);
        }
        QueryKey key;
        try {
            key = QueryKey.of(query);
        } catch (InvalidQueryException e) {
            return refused(Method.SEARCH, e.getMessage());
        }
        SearchRequest request = SearchRequest.newBuilder().setQuery(query).setOffset(offset).setLimit(limit).build();
        return router.call(Method.SEARCH, key.hash(),
                (channel, d, answer) -> SearchServiceGrpc.newStub(channel).withDeadline(d).search(request, answer));
    }

    /** {@link #search}, waiting for the answer. @throws StatusRuntimeException as the future would fail */
    public SearchResponse searchBlocking(String query, int offset, int limit) {
        return await(search(query, offset, limit));
    }

    /**
     * Warms {@code query} on its owner (or secondary), for the Search that follows: see
     * search.proto. A front end may ignore the future.
     */
    public CompletableFuture<PrefetchResponse> prefetch(String query) {
        QueryKey key;
        try {
            key = QueryKey.of(query);
        } catch (InvalidQueryException e) {
            return refused(Method.PREFETCH, e.getMessage());
        }
        PrefetchRequest request = PrefetchRequest.newBuilder().setQuery(query).build();
        return router.call(Method.PREFETCH, key.hash(),
                (channel, d, answer) -> SearchServiceGrpc.newStub(channel).withDeadline(d).prefetch(request, answer));
    }

    /** {@link #prefetch}, waiting for the answer. @throws StatusRuntimeException as the future would fail */
    public PrefetchResponse prefetchBlocking(String query) {
        return await(prefetch(query));
    }

    /**
     * Where a query goes now: its primary and secondary on the current ring, skipping nodes
     * marked down (all of them, when every node is marked down). The one routing decision of
     * this client; {@link #search} and {@link #prefetch} use it too.
     */
    public Owners owners(QueryKey key) {
        return router.owners(key.hash());
    }

    /**
     * Adds a node (a new ring: about 1/N of the queries move to it; give it a low weight
     * first and {@link #reweight} it up to ramp it in).
     *
     * @throws IllegalArgumentException if a node has its id already
     * @throws IllegalStateException    after {@link #close}
     */
    public void addNode(CacheNode node) {
        table.add(node);
    }

    /**
     * Removes a node (its queries move to their secondaries); its calls in flight finish.
     *
     * @throws IllegalArgumentException if no node has the id, or it is the last one
     */
    public void removeNode(String id) {
        table.remove(id);
    }

    /** Gives a node a new weight (0..{@link io.constellation.common.ring.HashRing#MAX_WEIGHT}). */
    public void reweight(String id, int weight) {
        table.reweight(id, weight);
    }

    /** The nodes configured now, by id. */
    public List<CacheNode> nodes() {
        List<CacheNode> nodes = new ArrayList<>();
        table.current().nodes().values().forEach(n -> nodes.add(n.node()));
        nodes.sort(Comparator.comparing(CacheNode::id));
        return nodes;
    }

    /** Whether node {@code id} is marked down now (skipped by routing). */
    public boolean isMarkedDown(String id) {
        return table.current().isDown(id);
    }

    /** Shuts the channels down gracefully (up to 5 s for calls in flight), then forcefully. */
    @Override
    public void close() {
        table.close();
    }

    /** What is wrong with the page asked for (search.proto's rules), or null. */
    private static String pageProblem(int offset, int limit) {
        if (offset < 0) {
            return "offset must be 0 or more, got " + offset;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return "limit must be in 1.." + MAX_LIMIT + ", got " + limit;
        }
        return null;
    }

    private <T> CompletableFuture<T> refused(Method method, String message) {
        router.refused(method);
        return CompletableFuture.failedFuture(Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException());
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Status.CANCELLED.withDescription("interrupted while waiting for a search").withCause(e)
                    .asRuntimeException();
        } catch (ExecutionException e) {
            Throwable t = Futures.unwrap(e);
            throw t instanceof StatusRuntimeException s ? s : Status.fromThrowable(t).asRuntimeException();
        }
    }
}
