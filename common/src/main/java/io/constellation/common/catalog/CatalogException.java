package io.constellation.common.catalog;

/**
 * A catalog operation failed for a reason other than the database being unreachable: a
 * constraint was violated, a statement was malformed, a transaction was rolled back. The
 * cause is usually the driver's {@link java.sql.SQLException}.
 */
public class CatalogException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what was being done; @param cause the driver's error, may be null */
    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }

    /** @param message what was refused and why */
    public CatalogException(String message) {
        super(message);
    }
}
