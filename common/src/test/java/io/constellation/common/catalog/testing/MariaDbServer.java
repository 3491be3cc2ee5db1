package io.constellation.common.catalog.testing;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The MariaDB server of one test run, found once and kept in JUnit's root store (closed, and
 * any container stopped, when the run ends). In order: the URL in system property
 * {@value #URL_PROPERTY} (must connect, or every MariaDB test fails: CI must not go green
 * without its database); a Testcontainers MariaDB when Docker is available; none (the
 * MariaDB leg is then skipped, never passed).
 */
final class MariaDbServer implements AutoCloseable {

    /** System property (set from env CONSTELLATION_TEST_MARIADB_URL by the build) naming the server. */
    static final String URL_PROPERTY = "constellation.test.mariadb.url";

    private static final String IMAGE = "mariadb:11.4";

    private final String serverUrl;
    private final String unavailableReason;
    private final MariaDBContainer container;

    private MariaDbServer(String serverUrl, String unavailableReason, MariaDBContainer container) {
        this.serverUrl = serverUrl;
        this.unavailableReason = unavailableReason;
        this.container = container;
    }

    /** Finds the server as described above; does not throw for "no server", only for a broken configured one. */
    static MariaDbServer discover() {
        String configured = configuredUrl(System.getProperty(URL_PROPERTY));
        if (!configured.isEmpty()) {
            return new MariaDbServer(checkConnects(configured), null, null);
        }
        if (!dockerAvailable()) {
            return new MariaDbServer(null, URL_PROPERTY + " is not set and Docker is not available", null);
        }
        MariaDBContainer c = new MariaDBContainer(IMAGE).withUsername("root").withPassword("");
        c.start();
        return new MariaDbServer(withoutTlsUnlessChosen(c.getJdbcUrl() + "?user=root&password="), null, c);
    }

    /**
     * The property's value, or "" when unset, blank, or an unresolved Maven {@code ${...}}
     * expression. Connector/J 4 demands TLS by default and the test servers (loopback CI
     * server, containers) run without it, so {@code sslMode=disable} is added unless the URL
     * chooses an sslMode itself.
     */
    static String configuredUrl(String value) {
        if (value == null || value.isBlank() || value.trim().startsWith("${")) {
            return "";
        }
        return withoutTlsUnlessChosen(value.trim());
    }

    static String withoutTlsUnlessChosen(String url) {
        if (url.toLowerCase(java.util.Locale.ROOT).contains("sslmode=")) {
            return url;
        }
        return url + (url.indexOf('?') < 0 ? "?" : "&") + "sslMode=disable";
    }

    /** The server URL; aborts the calling test (reported as skipped) when there is no server. */
    String urlOrSkip() {
        Assumptions.assumeTrue(serverUrl != null, () -> "MariaDB leg skipped: " + unavailableReason);
        return serverUrl;
    }

    private static String checkConnects(String url) {
        try (Connection c = DriverManager.getConnection(url)) {
            if (!c.isValid(5)) {
                throw new SQLException("connection is not valid");
            }
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException(URL_PROPERTY + " is set but MariaDB does not answer at "
                    + url.replaceAll("password=[^&]*", "password=***") + ": " + e.getMessage(), e);
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() {
        if (container != null) {
            container.stop();
        }
    }
}
