package io.constellation.common.catalog;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogUnavailableTest {

    /** Port 1 on loopback: nothing listens, connections are refused at once. */
    private static final String DEAD_URL = "jdbc:mariadb://127.0.0.1:1/none?sslMode=disable";

    @Test
    void deadDatabaseFailsFastWithCatalogUnavailable() {
        CatalogConfig config = CatalogConfig.mariaDb(DEAD_URL, "root", "")
                .toBuilder().connectionTimeout(Duration.ofMillis(500)).build();
        long start = System.nanoTime();
        try (Catalog catalog = new Catalog(config)) {
            assertTrue(System.nanoTime() - start < 2_000_000_000L, "opening the pool must not wait for the database");
            assertThrows(CatalogUnavailableException.class, catalog::connection);
            assertThrows(CatalogUnavailableException.class, () -> new TrackStore(catalog).countTracks());
            assertThrows(CatalogUnavailableException.class, () -> catalog.update("DELETE FROM tracks WHERE id = ?", 1L));
        }
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "each failure within about the connection timeout");
    }

    @Test
    void migratingADeadDatabaseIsACatalogError() {
        try (Catalog catalog = new Catalog(CatalogConfig.mariaDb(DEAD_URL, "root", ""))) {
            assertThrows(CatalogException.class, catalog::migrate);
        }
    }
}
