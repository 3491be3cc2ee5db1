package io.constellation.cache.search;

import io.grpc.Status;

/**
 * How a call to another service ended, as a metric tag value (a fixed set: never a
 * message or an address). {@link #of} maps any failure of this package's clients.
 */
public enum StageOutcome {
    /** Answered. */
    OK,
    /** The request was refused as malformed (INVALID_ARGUMENT): asking again will not help. */
    INVALID,
    /** No replica or gateway could answer (UNAVAILABLE). */
    UNAVAILABLE,
    /** The deadline passed first (DEADLINE_EXCEEDED). */
    DEADLINE,
    /** Anything else: a bug or an unexpected answer. */
    ERROR;

    /** The outcome of a call that failed with {@code failure} (null means it succeeded). */
    public static StageOutcome of(Throwable failure) {
        if (failure == null) {
            return OK;
        }
        return switch (Status.fromThrowable(failure).getCode()) {
            case OK -> OK;
            case INVALID_ARGUMENT -> INVALID;
            case UNAVAILABLE -> UNAVAILABLE;
            case DEADLINE_EXCEEDED -> DEADLINE;
            default -> ERROR;
        };
    }

    /** The tag value: lower case. */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
