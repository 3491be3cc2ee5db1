package io.constellation.common.corpus;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusImporterIT {

    @CatalogTest
    void bundledCorpusImportsOnceAndASecondRunAddsNothing(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        CorpusImporter importer = new CorpusImporter(store);
        ImportReport first = importer.importBundled();
        assertEquals(12_795 + 38_263, first.rowsRead());
        assertTrue(first.inserted() > 45_000, "inserted " + first.inserted());
        assertEquals(first.rowsRead(), first.inserted() + first.alreadyPresent() + first.badRowCount());
        assertTrue(first.badRows().stream().anyMatch(b -> b.line() == 20_606 && b.reason().contains("line break")),
                "the Royce da 5'9\" row spanning two lines is reported at its first line: " + first.badRows());
        assertEquals(first.inserted(), store.countTracks());

        ImportReport second = importer.importBundled();
        assertEquals(0, second.inserted());
        assertEquals(first.inserted() + first.alreadyPresent(), second.alreadyPresent());
        assertEquals(first.inserted(), store.countTracks());
    }

    @CatalogTest
    void badRowsAreSkippedAndReportedWithTheirLineNumbers(TestCatalog db, @TempDir Path dir) throws IOException {
        String longTitle = "x".repeat(256);
        String csv = "artist,extra,title\n"            // columns found by name, in any order
                + "Toto,,Africa\n"                    // 2
                + "Toto,,\n"                          // 3 empty title
                + ",,Hold The Line\n"                 // 4 empty artist
                + "Toto,Africa\n"                     // 5 too few fields
                + "Toto,,\"Rosanna\",x\n"             // 6 too many fields
                + "Toto,,\"" + longTitle + "\"\n"     // 7 over 255 characters
                + "Toto,,\"Pamela\"\n"                // 8
                + "Toto,,Africa\n"                    // 9 repeat of line 2
                + "Toto,,\"Stop Loving You\n";        // 10 unterminated quote, to the end
        Path file = dir.resolve("toto-songs.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        ImportReport r = new CorpusImporter(new TrackStore(db.catalog())).importFile(file);
        assertEquals(9, r.rowsRead());
        assertEquals(2, r.inserted());
        assertEquals(1, r.alreadyPresent());
        assertEquals(6, r.badRowCount());
        assertEquals(List.of(3L, 4L, 5L, 6L, 7L, 10L), r.badRows().stream().map(ImportReport.BadRow::line).toList());
        assertEquals("empty title", r.badRows().get(0).reason());
        assertEquals("unterminated quote", r.badRows().get(5).reason());
        List<Track> stored = new TrackStore(db.catalog()).tracksAfter(0, 0, 1, 10);
        assertEquals(List.of("Africa", "Pamela"), stored.stream().map(Track::title).toList());
        assertEquals("", stored.get(0).album());
    }

    @CatalogTest
    void albumRowsBecomeTracksTitledAndFiledUnderTheAlbum(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        String csv = "title,artist,first_chart_week,last_chart_week,peak_position,weeks_on_chart\r\n"
                + "Thriller,Michael Jackson,1982-12-25,1984-11-03,1,122\r\n";
        ImportReport r = new CorpusImporter(store).importCsv(new StringReader(csv), "test", CsvKind.ALBUMS);
        assertEquals(1, r.inserted());
        Track t = store.tracksAfter(0, 0, 1, 1).get(0);
        assertEquals(List.of("Michael Jackson", "Thriller", "Thriller"), List.of(t.artist(), t.title(), t.album()));
    }

    @CatalogTest
    void headerWithoutTitleOrArtistIsRefused(TestCatalog db) {
        CorpusImporter importer = new CorpusImporter(new TrackStore(db.catalog()));
        assertThrows(IllegalArgumentException.class,
                () -> importer.importCsv(new StringReader("name,artist\nx,y\n"), "test", CsvKind.SONGS));
    }

    @CatalogTest
    void generatedTracksImportIdempotently(TestCatalog db) {
        TrackStore store = new TrackStore(db.catalog());
        Corpus corpus = Corpus.bundled();
        ImportReport first = new CorpusImporter(store).importGenerated(corpus, 5_000, 11);
        assertEquals(5_000, first.rowsRead());
        assertEquals(5_000, first.inserted() + first.alreadyPresent());
        assertTrue(first.inserted() > 4_900, "few generated repeats: " + first.inserted());
        assertEquals(0, new CorpusImporter(store).importGenerated(corpus, 5_000, 11).inserted());
        assertEquals(first.inserted(), store.countTracks());
    }
}
