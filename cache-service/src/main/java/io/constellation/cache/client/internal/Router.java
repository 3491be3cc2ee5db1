package io.constellation.cache.client.internal;

import io.constellation.cache.client.internal.ClientMeters.Method;
import io.constellation.cache.internal.UnaryAnswer;
import io.constellation.common.ring.Owners;
import io.constellation.common.ring.RingMember;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends one call to the owner of its key and, when the owner fails, to the secondary.
 *
 * <ul>
 *   <li>Failed over: UNAVAILABLE and DEADLINE_EXCEEDED (the node is down, unreachable, hung
 *       or, as search.proto allows, could not reach its index shards), while the call's
 *       deadline has time left. At most one failover: the secondary is the only other node
 *       whose cache may be warm, and a third try would double the load of an outage.
 *   <li>Final at once: every other code, INVALID_ARGUMENT first (every node would refuse the
 *       same request the same way).
 *   <li>Marked down: a node that hung (DEADLINE_EXCEEDED), or answered UNAVAILABLE while its
 *       channel was not READY (refused, reset or closed connection). A node that sends
 *       UNAVAILABLE over a healthy connection is reachable: its index shards are not, and
 *       marking it down would only move load, so the call fails over without a mark.
 * </ul>
 *
 * <p>Never blocks: the second attempt starts from the first one's callback (a gRPC executor
 * thread, not an event loop). Each attempt gets the attempt timeout, capped by the call's
 * deadline. Thread-safe.
 */
public final class Router {

    /** Starts one RPC on {@code channel}; the observer gets its answer or error. */
    @FunctionalInterface
    public interface Rpc<T> {
        void start(ManagedChannel channel, Deadline deadline, StreamObserver<T> answer);
    }

    private final RoutingTable table;
    private final ClientMeters meters;
    private final long deadlineNanos;
    private final long attemptNanos;

    public Router(RoutingTable table, ClientMeters meters, Duration deadline, Duration attemptTimeout) {
        this.table = table;
        this.meters = meters;
        this.deadlineNanos = deadline.toNanos();
        this.attemptNanos = attemptTimeout.toNanos();
    }

    /** The owners of {@code keyHash} now: the one routing decision of the client. */
    public Owners owners(long keyHash) {
        return table.current().owners(keyHash);
    }

    /**
     * Runs {@code rpc} against the owners of {@code keyHash}.
     *
     * @return completes with the answer, or exceptionally with a
     *     {@link io.grpc.StatusRuntimeException} whose description names the node(s) tried
     */
    public <T> CompletableFuture<T> call(Method method, long keyHash, Rpc<T> rpc) {
        Routing routing = table.current();
        Owners owners = routing.owners(keyHash);
        Call<T> call = new Call<>(method, routing, owners, rpc);
        if (table.isClosed()) {
            call.fail(Status.FAILED_PRECONDITION.withDescription("the search client is closed"));
        } else if (owners.isEmpty()) {
            call.fail(Status.UNAVAILABLE.withDescription("no cache node has a weight above 0"));
        } else {
            call.attempt(owners.primary());
        }
        return call.result;
    }

    /** Counts a call refused before any node was asked. */
    public void refused(Method method) {
        meters.finished(method, Status.Code.INVALID_ARGUMENT);
    }

    /** Whether {@code status} from {@code node} means the node itself is down. */
    private static boolean nodeFault(NodeChannel node, Status status) {
        return switch (status.getCode()) {
            case DEADLINE_EXCEEDED -> true;
            case UNAVAILABLE -> node.channel().getState(false) != ConnectivityState.READY;
            default -> false;
        };
    }

    private static boolean failsOver(Status status) {
        return status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED;
    }

    /** One call's progress; attempts run one after another, so no two threads touch it at once. */
    private final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final Method method;
        private final Routing routing;
        private final Owners owners;
        private final Rpc<T> rpc;
        private final Deadline deadline = Deadline.after(deadlineNanos, TimeUnit.NANOSECONDS);
        private String firstError;

        Call(Method method, Routing routing, Owners owners, Rpc<T> rpc) {
            this.method = method;
            this.routing = routing;
            this.owners = owners;
            this.rpc = rpc;
        }

        void attempt(RingMember member) {
            NodeChannel node = routing.node(member.id());
            Deadline attemptDeadline = deadline.minimum(Deadline.after(attemptNanos, TimeUnit.NANOSECONDS));
            try {
                rpc.start(node.channel(), attemptDeadline, new UnaryAnswer<>(new Answer(node)));
            } catch (RuntimeException e) {
                failed(node, Status.fromThrowable(e));
            }
        }

        void failed(NodeChannel node, Status status) {
            if (nodeFault(node, status) && table.markDown(node.node().id())) {
                meters.markedDown();
            }
            String error = name(node) + ": " + status.getCode()
                    + (status.getDescription() == null ? "" : " " + status.getDescription());
            boolean first = firstError == null;
            RingMember secondary = owners.secondary();
            if (first && failsOver(status) && secondary != null && !deadline.isExpired()) {
                firstError = error;
                meters.failover(method);
                attempt(secondary);
                return;
            }
            fail(status.withDescription(first ? error : error + "; the primary failed first: " + firstError));
        }

        void fail(Status status) {
            meters.finished(method, status.getCode());
            result.completeExceptionally(status.asRuntimeException());
        }

        private String name(NodeChannel node) {
            return "cache node " + node.node().id() + " (" + node.node().address() + ")";
        }

        /** The end of one attempt on {@code node}; called on the gRPC thread that ended it. */
        private final class Answer implements UnaryAnswer.Outcome<T> {
            private final NodeChannel node;

            Answer(NodeChannel node) {
                this.node = node;
            }

            @Override
            public void answered(T value) {
                meters.finished(method, Status.Code.OK);
                result.complete(value);
            }

            @Override
            public void failed(Status status) {
                Call.this.failed(node, status);
            }
        }
    }
}
