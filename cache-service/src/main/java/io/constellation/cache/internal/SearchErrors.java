package io.constellation.cache.internal;

import io.constellation.cache.search.internal.Futures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;

/** Maps a failed search to the Status a caller sees. Stateless. */
final class SearchErrors {

    private SearchErrors() {
    }

    /**
     * The status of {@code failure}: the stages' own statuses pass through (they name the
     * shard, the catalog or the deadline); a refused task means the node is stopping; any
     * other exception is a bug here, INTERNAL with its message.
     */
    static StatusRuntimeException toStatus(Throwable failure) {
        Throwable t = Futures.unwrap(failure);
        Status s = Status.fromThrowable(t);
        if (s.getCode() != Status.Code.UNKNOWN) {
            return s.asRuntimeException();
        }
        if (t instanceof RejectedExecutionException) {
            return Status.UNAVAILABLE.withDescription("cache node is shutting down: ask the query's secondary node")
                    .asRuntimeException();
        }
        if (t instanceof CancellationException) {
            return Status.CANCELLED.withDescription("search cancelled").asRuntimeException();
        }
        return Status.INTERNAL.withDescription("search failed on the cache node: " + t).withCause(t)
                .asRuntimeException();
    }

    /** INVALID_ARGUMENT with {@code message}, which says the rule broken and the value given. */
    static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
