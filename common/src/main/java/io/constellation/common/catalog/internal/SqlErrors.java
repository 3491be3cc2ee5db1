package io.constellation.common.catalog.internal;

import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.CatalogUnavailableException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Turns driver exceptions into the catalog's unchecked exception types. Stateless. */
public final class SqlErrors {

    private SqlErrors() {
    }

    /**
     * {@link CatalogUnavailableException} for connection failures (pool timeout, refused,
     * lost: SQLState class 08), {@link CatalogException} for everything else.
     */
    public static CatalogException translate(String what, SQLException e) {
        if (isConnectionFailure(e)) {
            return new CatalogUnavailableException("catalog unavailable while " + what + ": " + e.getMessage(), e);
        }
        return new CatalogException("catalog error while " + what + ": " + e.getMessage(), e);
    }

    private static boolean isConnectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
