package io.constellation.cache.store.internal;

/** Encoded data that does not parse: truncated, out of range, or contradicting itself. */
public final class MalformedDataException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Malformed data described by {@code message} (position and what was expected). */
    public MalformedDataException(String message) {
        super(message);
    }
}
