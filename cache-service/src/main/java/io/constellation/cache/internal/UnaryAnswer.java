package io.constellation.cache.internal;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

/**
 * The observer of one unary call attempt: keeps its single answer and hands it, or the
 * failure, to an {@link Outcome}. A call that completes without an answer is reported as
 * {@code INTERNAL}. gRPC calls it serially, so the kept answer needs no synchronisation.
 *
 * @param <T> the response type
 */
public final class UnaryAnswer<T> implements StreamObserver<T> {

    /** What to do with the end of the attempt; called once, on the gRPC thread that ended it. */
    public interface Outcome<T> {
        void answered(T value);

        void failed(Status status);
    }

    private final Outcome<T> outcome;
    private T value;

    public UnaryAnswer(Outcome<T> outcome) {
        this.outcome = outcome;
    }

    @Override
    public void onNext(T v) {
        value = v;
    }

    @Override
    public void onError(Throwable t) {
        outcome.failed(Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        if (value == null) {
            outcome.failed(Status.INTERNAL.withDescription("completed without an answer"));
        } else {
            outcome.answered(value);
        }
    }
}
