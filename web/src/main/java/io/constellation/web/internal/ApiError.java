package io.constellation.web.internal;

import io.grpc.Status;

/**
 * A failed API request as the page shows it: the outcome (and so the HTTP status) and a
 * message a user can act on.
 *
 * @param outcome never {@link Outcome#OK}
 * @param message shown in the page as text
 */
public record ApiError(Outcome outcome, String message) {

    /** The answer to a search call that failed with {@code status}. */
    public static ApiError of(Status status) {
        String detail = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        return switch (status.getCode()) {
            case INVALID_ARGUMENT -> new ApiError(Outcome.INVALID, detail);
            case UNAVAILABLE -> new ApiError(Outcome.UNAVAILABLE,
                    "Search is unavailable right now (" + detail + "). Try again in a moment.");
            case DEADLINE_EXCEEDED -> new ApiError(Outcome.TIMEOUT,
                    "The search took too long. Try again, or try fewer or other words.");
            default -> new ApiError(Outcome.ERROR, "The search failed (" + status.getCode() + ": " + detail + ").");
        };
    }
}
