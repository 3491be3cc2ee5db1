package io.constellation.cache.search.internal;

import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One unary call that may be answered by any of several equivalent servers (the replicas
 * of one index shard, or the gateways): tries them one at a time until one answers, the
 * list is exhausted or the deadline passes. Never blocks: each attempt is an async stub
 * call, and the next attempt starts from the failed one's callback (a gRPC callback
 * thread, never an event loop of ours).
 *
 * <p>Order: from {@code first} (the caller rotates it to spread load) round the list, with
 * servers whose channel is in TRANSIENT_FAILURE (gRPC already knows they are down) moved
 * to the end. Each attempt gets {@code attemptTimeout}, capped by the overall deadline, so
 * one hung server does not eat the whole deadline. INVALID_ARGUMENT is final (every server
 * would refuse the same request); any other failure moves on.
 *
 * <p>Fails with UNAVAILABLE when every server failed, DEADLINE_EXCEEDED when time ran
 * out first; the description starts with {@code what} and lists each server's error.
 *
 * @param <T> the answer type
 */
public final class FailoverCall<T> {

    /** Starts one attempt on {@code channel}; the observer gets its answer or error. */
    @FunctionalInterface
    public interface Attempt<T> {
        void start(ManagedChannel channel, Deadline deadline, StreamObserver<T> answer);
    }

    /** Checks an answer: returns what is wrong with it, or null when it is good. */
    @FunctionalInterface
    public interface Check<T> {
        String problem(T answer);
    }

    /** A server: its address (for messages) and channel. */
    public record Server(String address, ManagedChannel channel) {
    }

    private final String what;
    private final List<Server> order;
    private final Deadline deadline;
    private final long attemptNanos;
    private final Attempt<T> attempt;
    private final Check<T> check;
    private final Runnable onFailover;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final StringBuilder errors = new StringBuilder();
    private int next;

    private FailoverCall(String what, List<Server> servers, int first, Deadline deadline, long attemptNanos,
            Attempt<T> attempt, Check<T> check, Runnable onFailover) {
        this.what = what;
        this.order = order(servers, first);
        this.deadline = deadline;
        this.attemptNanos = attemptNanos;
        this.attempt = attempt;
        this.check = check;
        this.onFailover = onFailover;
    }

    /**
     * Runs the call.
     *
     * @param what       names the call in error descriptions, e.g. "index shard 2 of 4"
     * @param first      where in {@code servers} to start (taken modulo the size)
     * @param check      judges each answer; a bad answer counts as that server's failure
     * @param onFailover run each time an attempt failed and another one starts
     */
    public static <T> CompletableFuture<T> run(String what, List<Server> servers, int first, Deadline deadline,
            long attemptTimeoutNanos, Attempt<T> attempt, Check<T> check, Runnable onFailover) {
        if (servers.isEmpty()) {
            throw new IllegalArgumentException(what + ": no servers");
        }
        FailoverCall<T> call = new FailoverCall<>(what, servers, first, deadline, attemptTimeoutNanos, attempt,
                check, onFailover);
        call.tryNext();
        return call.result;
    }

    private static List<Server> order(List<Server> servers, int first) {
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

    /** Starts the next attempt, or ends the call. Runs on the caller's or a callback thread, one at a time. */
    private void tryNext() {
        if (deadline.isExpired()) {
            fail(Status.DEADLINE_EXCEEDED, "no answer within the deadline");
            return;
        }
        if (next == order.size()) {
            fail(Status.UNAVAILABLE, "no " + (order.size() == 1 ? "server" : "replica") + " answered");
            return;
        }
        Server server = order.get(next++);
        Deadline attemptDeadline = deadline.minimum(Deadline.after(attemptNanos, TimeUnit.NANOSECONDS));
        try {
            attempt.start(server.channel(), attemptDeadline, new Answer(server));
        } catch (RuntimeException e) {
            failed(server, Status.fromThrowable(e));
        }
    }

    private void failed(Server server, Status status) {
        if (status.getCode() == Status.Code.INVALID_ARGUMENT) {
            result.completeExceptionally(Status.INVALID_ARGUMENT.withDescription(what + " (" + server.address()
                    + ") refused the request: " + status.getDescription()).asRuntimeException());
            return;
        }
        errors.append(errors.length() == 0 ? "" : "; ").append(server.address()).append(": ")
                .append(status.getCode()).append(status.getDescription() == null ? "" : " " + status.getDescription());
        if (next < order.size() && !deadline.isExpired()) {
            onFailover.run();
        }
        tryNext();
    }

    private void fail(Status status, String summary) {
        StatusRuntimeException e = status.withDescription(what + ": " + summary + (errors.length() == 0 ? ""
                : ": " + errors)).asRuntimeException();
        result.completeExceptionally(e);
    }

    /** The observer of one attempt: gRPC calls it serially. */
    private final class Answer implements StreamObserver<T> {
        private final Server server;
        private T value;

        Answer(Server server) {
            this.server = server;
        }

        @Override
        public void onNext(T v) {
            value = v;
        }

        @Override
        public void onError(Throwable t) {
            failed(server, Status.fromThrowable(t));
        }

        @Override
        public void onCompleted() {
            String problem = value == null ? "completed without an answer" : check.problem(value);
            if (problem == null) {
                result.complete(value);
            } else {
                failed(server, Status.INTERNAL.withDescription(problem));
            }
        }
    }
}
