package io.constellation.cache.search.internal;

import io.constellation.cache.internal.UnaryAnswer;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A group of equivalent servers (the replicas of one index shard, or the gateways), any of
 * which may answer a unary call: {@link #call} tries them one at a time until one answers,
 * all have failed or the deadline passes. Never blocks: each attempt is an async stub
 * call, and the next attempt starts from the failed one's callback (a gRPC callback
 * thread, never an event loop of ours).
 *
 * <p>Order: from {@code first} (callers rotate it to spread load) round the group, with
 * servers whose channel is in TRANSIENT_FAILURE (gRPC already knows they are down) moved
 * to the end. Each attempt gets the attempt timeout, capped by the call's deadline, so one
 * hung server does not eat the whole deadline. INVALID_ARGUMENT is final (every server
 * would refuse the same request); any other failure, or an answer the check rejects,
 * moves on. A call fails with UNAVAILABLE when every server failed, DEADLINE_EXCEEDED
 * when time ran out first; the description starts with the group's name and lists each
 * server's error. Immutable; thread-safe.
 */
public final class Failover {

    /** Starts one attempt on {@code channel}; the observer gets its answer or error. */
    @FunctionalInterface
    public interface Attempt<T> {
        void start(ManagedChannel channel, Deadline deadline, StreamObserver<T> answer);
    }

    /** Judges an answer: returns what is wrong with it, or null when it is good. */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T answer);
    }

    /** A server: its address (for messages) and channel. */
    public record Server(String address, ManagedChannel channel) {
    }

    private final String name;
    private final String noun;
    private final List<Server> servers;
    private final long attemptNanos;
    private final Runnable onFailover;

    /**
     * @param name       names the group in error descriptions, e.g. "index shard 2 of 4"
     * @param noun       what one server is called in them, e.g. "replica", "gateway"
     * @param onFailover run each time an attempt failed and another one starts
     */
    public Failover(String name, String noun, List<Server> servers, Duration attemptTimeout, Runnable onFailover) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(name + ": no servers");
        }
        if (attemptTimeout.isNegative() || attemptTimeout.isZero()) {
            throw new IllegalArgumentException("attempt timeout must be positive");
        }
        this.name = name;
        this.noun = noun;
        this.servers = List.copyOf(servers);
        this.attemptNanos = attemptTimeout.toNanos();
        this.onFailover = onFailover;
    }

    /**
     * Runs one call.
     *
     * @param first where in the group to start (taken modulo its size)
     * @return completes with the first good answer, or exceptionally with a
     *         {@link io.grpc.StatusRuntimeException} as described above
     */
    public <T> CompletableFuture<T> call(int first, Deadline deadline, Attempt<T> attempt, Check<T> check) {
        Call<T> call = new Call<>(order(first), deadline, attempt, check);
        call.tryNext();
        return call.result;
    }

    private List<Server> order(int first) {
        List<Server> up = new ArrayList<>(servers.size());
        List<Server> down = new ArrayList<>(0);
        int n = servers.size();
        for (int k = 0; k < n; k++) {
            Server s = servers.get(Math.floorMod(first + k, n));
            (s.channel().getState(false) == ConnectivityState.TRANSIENT_FAILURE ? down : up).add(s);
        }
        up.addAll(down);
        return up;
    }

    /** One call's progress. Attempts run one after another, so no two threads touch it at once. */
    private final class Call<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final List<Server> order;
        private final Deadline deadline;
        private final Attempt<T> attempt;
        private final Check<T> check;
        private final StringBuilder errors = new StringBuilder();
        private int next;

        Call(List<Server> order, Deadline deadline, Attempt<T> attempt, Check<T> check) {
            this.order = order;
            this.deadline = deadline;
            this.attempt = attempt;
            this.check = check;
        }

        void tryNext() {
            if (deadline.isExpired()) {
                fail(Status.DEADLINE_EXCEEDED, "no answer within the deadline");
                return;
            }
            if (next == order.size()) {
                fail(Status.UNAVAILABLE, "no " + noun + " answered");
                return;
            }
            Server server = order.get(next++);
            Deadline attemptDeadline = deadline.minimum(Deadline.after(attemptNanos, TimeUnit.NANOSECONDS));
            try {
                attempt.start(server.channel(), attemptDeadline, new UnaryAnswer<>(new Answer(server)));
            } catch (RuntimeException e) {
                failed(server, Status.fromThrowable(e));
            }
        }

        void failed(Server server, Status status) {
            if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
                result.completeExceptionally(Status.INVALID_ARGUMENT.withDescription(name + " (" + server.address()
                        + ") refused the request: " + status.getDescription()).asRuntimeException());
                return;
            }
            errors.append(errors.length() == 0 ? "" : "; ").append(server.address()).append(": ")
                    .append(status.getCode())
                    .append(status.getDescription() == null ? "" : " " + status.getDescription());
            if (next < order.size() && !deadline.isExpired()) {
                onFailover.run();
            }
            tryNext();
        }

        private void fail(Status status, String summary) {
            result.completeExceptionally(status.withDescription(name + ": " + summary
                    + (errors.length() == 0 ? "" : ": " + errors)).asRuntimeException());
        }

        /** The end of one attempt on {@code server}; called on the gRPC thread that ended it. */
        private final class Answer implements UnaryAnswer.Outcome<T> {
            private final Server server;

            Answer(Server server) {
                this.server = server;
            }

            @Override
            public void answered(T value) {
                String problem = check.problem(value);
                if (problem == null) {
                    result.complete(value);
                } else {
                    Call.this.failed(server, Status.INTERNAL.withDescription(problem));
                }
            }

            @Override
            public void failed(Status status) {
                Call.this.failed(server, status);
            }
        }
    }
}
