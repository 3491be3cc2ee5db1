package io.constellation.common.catalog;

/**
 * An UPDATE or DELETE without a WHERE clause was refused before it reached the database.
 * MariaDB/MySQL refuse such statements themselves (connections run with
 * {@code sql_safe_updates=1}); H2 has no such mode, so {@link Catalog#update} checks on every
 * backend. This is always a programming error, never a condition to retry.
 */
public class UnsafeStatementException extends CatalogException {

    private static final long serialVersionUID = 1L;

    /** @param sql the refused statement */
    public UnsafeStatementException(String sql) {
        super("refused UPDATE/DELETE without a WHERE clause (safe-updates): " + sql);
    }
}
