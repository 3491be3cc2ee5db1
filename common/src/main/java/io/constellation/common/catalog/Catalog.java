package io.constellation.common.catalog;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.constellation.common.catalog.internal.SqlErrors;
import io.constellation.common.catalog.internal.SqlGuard;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The catalog database: a connection pool plus the schema migrations. One per process,
 * shared by every DAO ({@link TrackStore}, other services' own) through {@link #dataSource()}.
 *
 * <p>Every pooled MariaDB/MySQL connection runs with {@code sql_safe_updates=1}, so the
 * server refuses an UPDATE or DELETE whose WHERE clause does not use a key. {@link #update}
 * additionally refuses UPDATE/DELETE without any WHERE on every backend, which is the only
 * protection H2 has.
 *
 * <p>Construction never blocks on the database: the pool starts empty and fills in the
 * background, and a caller that cannot get a connection within
 * {@link CatalogConfig#connectionTimeout()} gets {@link CatalogUnavailableException}.
 * Retrying is the caller's business. Thread-safe.
 */
public final class Catalog implements AutoCloseable {

    /** Run on every new MariaDB/MySQL connection before the pool hands it out. */
    static final String SAFE_UPDATES_SQL = "SET SESSION sql_safe_updates = 1";

    private final CatalogConfig config;
    private final HikariDataSource pool;

    /** Opens the pool; does not connect yet and does not migrate (see {@link #migrate()}). */
    public Catalog(CatalogConfig config) {
        this.config = config;
        this.pool = new HikariDataSource(hikariConfig(config));
    }

    private static HikariConfig hikariConfig(CatalogConfig config) {
        HikariConfig h = new HikariConfig();
        h.setPoolName("catalog");
        h.setJdbcUrl(config.jdbcUrl());
        h.setUsername(config.user());
        h.setPassword(config.password());
        h.setMaximumPoolSize(config.maxPoolSize());
        // Few idle connections: tests and small services open many catalogs, and a busy pool grows on demand.
        h.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        long timeoutMs = config.connectionTimeout().toMillis();
        h.setConnectionTimeout(timeoutMs);
        h.setValidationTimeout(Math.min(timeoutMs, 5_000));
        // -1: creating the pool never fails or waits when the database is down; the first use does, quickly.
        h.setInitializationFailTimeout(-1);
        if (config.isMariaDbOrMySql()) {
            h.setConnectionInitSql(SAFE_UPDATES_SQL);
        }
        return h;
    }

    /** This catalog's configuration. */
    public CatalogConfig config() {
        return config;
    }

    /** True for MariaDB/MySQL (server-side safe updates), false for H2. */
    public boolean isMariaDbOrMySql() {
        return config.isMariaDbOrMySql();
    }

    /** The pool, for DAOs of other services. Connections from it are in auto-commit mode. */
    public DataSource dataSource() {
        return pool;
    }

    /**
     * Applies the pending migrations of {@code classpath:db/migration}; safe to call on every
     * start (already applied ones are skipped). Flyway uses its own plain connection, outside
     * the pool and its safe-updates setting. Returns how many migrations it applied.
     */
    public int migrate() {
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(config.jdbcUrl(), config.user(), config.password())
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw SqlErrors.translate("migrating", sql);
            }
            throw new CatalogException("catalog migration failed: " + e.getMessage(), e);
        }
    }

    /** A pooled connection (auto-commit); the caller closes it. */
    public Connection connection() {
        try {
            return pool.getConnection();
        } catch (SQLException e) {
            throw SqlErrors.translate("getting a connection", e);
        }
    }

    /**
     * Runs {@code work} in one transaction: commits when it returns, rolls back when it throws.
     * The connection is only valid inside {@code work}.
     */
    public <T> T inTransaction(String what, Work<T> work) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate(what, e);
        }
    }

    /** Runs one guarded INSERT/UPDATE/DELETE in auto-commit mode; returns the update count. */
    public int update(String sql, Object... params) {
        try (Connection c = connection()) {
            return update(c, sql, params);
        } catch (SQLException e) {
            throw SqlErrors.translate("updating", e);
        }
    }

    /**
     * Runs one INSERT/UPDATE/DELETE on {@code c} (e.g. inside {@link #inTransaction}) after
     * refusing UPDATE/DELETE without WHERE with {@link UnsafeStatementException}.
     */
    public int update(Connection c, String sql, Object... params) throws SQLException {
        if (SqlGuard.isUnguardedWrite(sql)) {
            throw new UnsafeStatementException(sql);
        }
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            return ps.executeUpdate();
        }
    }

    /** Closes the pool; connections in use are closed as they are returned. */
    @Override
    public void close() {
        pool.close();
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Work done inside {@link #inTransaction}.
     *
     * @param <T> what the work returns
     */
    @FunctionalInterface
    public interface Work<T> {
        /** Does the work on {@code c}; must not commit, roll back or close it. */
        T run(Connection c) throws SQLException;
    }
}
