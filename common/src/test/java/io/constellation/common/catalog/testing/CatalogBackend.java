package io.constellation.common.catalog.testing;

/** The two legs every catalog test runs on. */
public enum CatalogBackend {
    /** In-memory H2 in MySQL mode: always available. */
    H2,
    /** A real MariaDB: CI's local server, or a Testcontainers one; skipped when neither exists. */
    MARIADB
}
