package io.constellation.common.catalog;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogConfigTest {

    @Test
    void embeddedIsAnH2FileInMySqlModeUnderTheDataDir() {
        CatalogConfig c = CatalogConfig.embedded(Path.of("/var/lib/constellation"));
        assertEquals("jdbc:h2:file:/var/lib/constellation/catalog;MODE=MySQL;DATABASE_TO_LOWER=TRUE", c.jdbcUrl());
        assertFalse(c.isMariaDbOrMySql());
        assertEquals(8, c.maxPoolSize());
        assertEquals(Duration.ofSeconds(5), c.connectionTimeout());
    }

    @Test
    void mariaDbAndMySqlUrlsAreRecognised() {
        assertTrue(CatalogConfig.mariaDb("jdbc:mariadb://db/c", "u", "p").isMariaDbOrMySql());
        assertTrue(CatalogConfig.mariaDb("jdbc:mysql://db/c", null, null).isMariaDbOrMySql());
    }

    @Test
    void invalidValuesAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> CatalogConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> CatalogConfig.builder().jdbcUrl("mysql://x").build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CatalogConfig.builder().jdbcUrl("jdbc:h2:mem:x").maxPoolSize(0).build());
        assertTrue(e.getMessage().contains("maxPoolSize"));
        assertThrows(IllegalArgumentException.class,
                () -> CatalogConfig.builder().jdbcUrl("jdbc:h2:mem:x").connectionTimeout(Duration.ofMillis(10)).build());
    }

    @Test
    void toStringHidesThePassword() {
        CatalogConfig c = CatalogConfig.mariaDb("jdbc:mariadb://db/c?user=u&password=s3cret", "u", "s3cret2");
        assertFalse(c.toString().contains("s3cret"), c.toString());
        assertEquals(c.jdbcUrl(), c.toBuilder().build().jdbcUrl());
    }
}
