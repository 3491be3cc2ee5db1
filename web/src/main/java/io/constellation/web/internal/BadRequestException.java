package io.constellation.web.internal;

/** A request the web API refuses before any search: answered 400 with the message, which says which rule. */
public final class BadRequestException extends Exception {

    private static final long serialVersionUID = 1L;

    public BadRequestException(String message) {
        super(message, null, false, false);
    }
}
