package io.constellation.common.search;

/**
 * A search query that breaks one of the API's rules. The message says which rule and what
 * the query had, written for the person or program that sent it: a server answers it as
 * {@code INVALID_ARGUMENT} with this message as the description.
 */
public final class InvalidQueryException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Which rule the query broke: a bounded set, fit for a metric tag. */
    public enum Reason {
        /** Over {@link QueryKey#MAX_QUERY_BYTES} bytes of UTF-8 before normalisation. */
        TOO_LONG,
        /** No letters or digits: nothing left after normalisation. */
        EMPTY,
        /** More than {@link QueryKey#MAX_WORDS} distinct words after normalisation. */
        TOO_MANY_WORDS,
        /** A normalised word over {@link io.constellation.common.text.Normalizer#MAX_WORD_BYTES} bytes. */
        WORD_TOO_LONG
    }

    private final Reason reason;

    /** A query that broke {@code reason}, described by {@code message}. */
    public InvalidQueryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** The rule broken. */
    public Reason reason() {
        return reason;
    }
}
