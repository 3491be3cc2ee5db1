package io.constellation.common.catalog.testing;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A migrated, empty catalog in a database of its own, removed again by {@link #close()}:
 * a fresh in-memory H2 database, or a fresh database created on a MariaDB server.
 */
public final class TestCatalog implements AutoCloseable {

    private final CatalogBackend backend;
    private final Catalog catalog;
    private final Runnable dropDatabase;

    private TestCatalog(CatalogBackend backend, CatalogConfig config, Runnable dropDatabase) {
        this.backend = backend;
        this.dropDatabase = dropDatabase;
        this.catalog = new Catalog(config);
        try {
            catalog.migrate();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A fresh in-memory H2 catalog in MySQL mode. */
    public static TestCatalog h2() {
        String name = "cat_" + UUID.randomUUID().toString().replace("-", "");
        // DB_CLOSE_DELAY=-1 keeps the database while Flyway's and the pool's connections come and go.
        String url = "jdbc:h2:mem:" + name + ";MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        return new TestCatalog(CatalogBackend.H2, CatalogConfig.builder().jdbcUrl(url).build(),
                () -> execute(url, "SHUTDOWN"));
    }

    /**
     * A fresh database on the MariaDB server reached by {@code serverUrl} (a URL whose user may
     * create and drop databases, e.g. {@code jdbc:mariadb://127.0.0.1:3306/test?user=root&password=}).
     */
    public static TestCatalog mariaDb(String serverUrl) {
        String db = "ct_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute(serverUrl, "CREATE DATABASE " + db + " CHARACTER SET utf8mb4");
        String url = withDatabase(serverUrl, db);
        return new TestCatalog(CatalogBackend.MARIADB, CatalogConfig.builder().jdbcUrl(url).build(),
                () -> execute(serverUrl, "DROP DATABASE IF EXISTS " + db));
    }

    /** {@code serverUrl} with its database path replaced by {@code db}, query parameters kept. */
    static String withDatabase(String serverUrl, String db) {
        int scheme = serverUrl.indexOf("://");
        int query = serverUrl.indexOf('?');
        String head = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String tail = query < 0 ? "" : serverUrl.substring(query);
        int slash = head.indexOf('/', scheme + 3);
        String hostPart = slash < 0 ? head : head.substring(0, slash);
        return hostPart + "/" + db + tail;
    }

    /** Which leg this is. */
    public CatalogBackend backend() {
        return backend;
    }

    /** The migrated catalog. */
    public Catalog catalog() {
        return catalog;
    }

    /** Its configuration (e.g. to open a second Catalog on the same database). */
    public CatalogConfig config() {
        return catalog.config();
    }

    @Override
    public void close() {
        catalog.close();
        dropDatabase.run();
    }

    @Override
    public String toString() {
        return backend.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url.replaceAll("password=[^&]*", "password=***"), e);
        }
    }
}
