package io.constellation.common.catalog;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedCatalogIT {

    @Test
    void embeddedH2FileKeepsTracksAcrossRestarts(@TempDir Path dataDir) {
        CatalogConfig config = CatalogConfig.embedded(dataDir);
        try (Catalog catalog = new Catalog(config)) {
            assertTrue(catalog.migrate() >= 1, "the first start applies every migration");
            assertFalse(catalog.isMariaDbOrMySql());
            assertEquals(1, new TrackStore(catalog).insertTracks(List.of(new Track(0, "Björk", "Jóga", "Homogenic"))));
            assertThrows(UnsafeStatementException.class, () -> catalog.update("DELETE FROM tracks"));
        }
        assertTrue(Files.exists(dataDir.resolve("catalog.mv.db")));
        try (Catalog catalog = new Catalog(config)) {
            assertEquals(0, catalog.migrate());
            TrackStore store = new TrackStore(catalog);
            assertEquals(List.of(new Track(1, "Björk", "Jóga", "Homogenic")), store.tracksAfter(0, 0, 1, 10));
            assertEquals(0, store.insertTracks(List.of(new Track(0, "bjork", "joga", "homogenic"))));
        }
    }
}
