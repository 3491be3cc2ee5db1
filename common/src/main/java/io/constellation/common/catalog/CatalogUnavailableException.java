package io.constellation.common.catalog;

/**
 * The catalog database could not be reached (no connection within the configured timeout,
 * connection refused or lost). Callers may retry with backoff; the catalog itself never
 * retries, so that a dead database surfaces quickly instead of hanging a request.
 */
public class CatalogUnavailableException extends CatalogException {

    private static final long serialVersionUID = 1L;

    /** @param message what was being done; @param cause the driver's or pool's error */
    public CatalogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
