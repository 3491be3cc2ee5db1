package io.constellation.deploy.demo;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.corpus.CorpusImporter;
import io.constellation.common.corpus.ImportReport;
import io.constellation.deploy.loadgen.LoadUsers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the demo's catalog once: the bundled corpus, then the simulated satellites' users.
 * A marker file, written only after a complete import, lets a second start skip the
 * import (reading 51,000 rows again to find them all present takes longer than the rest
 * of the start); users are looked up in batches and only the missing ones created.
 */
final class CatalogSeed {

    private static final Logger log = LoggerFactory.getLogger(CatalogSeed.class);

    /** Name of the marker file in the data directory. */
    static final String MARKER = "corpus-imported";
    /** User names of the simulated satellites are this prefix and the slot number (as {@code users add-many}). */
    static final String USERS_PREFIX = "sat";
    /** Their shared password (as {@code users add-many} and {@code loadgen satellites}). */
    static final String PASSWORD = "loadtest";
    /**
     * PBKDF2 iterations of their hash, and of the satellite servers: one, so thousands of
     * logins a second cost no CPU (these users are not people).
     */
    static final int PASSWORD_ITERATIONS = 1;
    private static final int SLOTS = 4;

    /** What seeding did. */
    record Seeded(boolean imported, long tracksInserted, long tracks, int usersCreated) {
    }

    private CatalogSeed() {
    }

    /** Imports the corpus unless the marker says it was, then makes sure {@code users} users exist. */
    static Seeded seed(Catalog catalog, Path dataDir, int users) {
        TrackStore tracks = new TrackStore(catalog);
        Path marker = dataDir.resolve(MARKER);
        boolean importNow = !Files.exists(marker) || tracks.countTracks() == 0;
        long inserted = 0;
        if (importNow) {
            ImportReport report = new CorpusImporter(tracks).importBundled();
            inserted = report.inserted();
            log.info("demo catalog: imported the bundled corpus: {} new tracks, {} already present, {} bad rows",
                    report.inserted(), report.alreadyPresent(), report.badRowCount());
            writeMarker(marker, report);
        }
        int created = users == 0 ? 0 : LoadUsers.ensure(new UserStore(catalog), USERS_PREFIX, users,
                new PasswordHasher(PASSWORD_ITERATIONS).hash(PASSWORD), SLOTS, SLOTS);
        return new Seeded(importNow, inserted, tracks.countTracks(), created);
    }

    private static void writeMarker(Path marker, ImportReport report) {
        try {
            Files.writeString(marker, report.source() + ": " + report.rowsRead() + " rows read\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + marker, e);
        }
    }
}
