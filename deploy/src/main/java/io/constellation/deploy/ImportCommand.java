package io.constellation.deploy;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.Corpus;
import io.constellation.common.corpus.CorpusImporter;
import io.constellation.common.corpus.CsvKind;
import io.constellation.common.corpus.ImportReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code constellation import}: loads titles into the catalog (the bundled Billboard
 * corpus by default, any CSV with the same columns, or N generated tracks). Idempotent:
 * a track already in the catalog is counted, not added again.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Load tracks into the catalog: the bundled Billboard corpus (default), a CSV file "
                + "with columns title,artist,... or generated tracks. Running it twice adds nothing.",
            "Exit status: 0 when every row was loaded or already present, 3 when some rows were bad "
                + "(each is reported with its line number), 1 on error."})
final class ImportCommand implements Callable<Integer> {

    static final int EXIT_BAD_ROWS = 3;

    @Mixin
    CatalogOptions catalog;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
        @Option(names = "--csv", paramLabel = "FILE",
                description = "A CSV file with header title,artist[,first_chart_week,last_chart_week,peak_position,weeks_on_chart].")
        Path csv;

        @Option(names = "--generate", paramLabel = "N",
                description = "Generate N realistic tracks by recombining the corpus (deterministic for --seed).")
        Long generate;
    }

    @Option(names = "--albums", description = "The CSV lists albums: each row becomes the album's title track "
            + "(default: inferred from a file name containing 'album').")
    boolean albums;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of --generate (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        try (Catalog db = new Catalog(catalog.config())) {
            db.migrate();
            CorpusImporter importer = new CorpusImporter(new TrackStore(db));
            ImportReport report;
            if (source != null && source.csv != null) {
                CsvKind kind = albums ? CsvKind.ALBUMS : CsvKind.inferFrom(source.csv);
                report = importer.importFile(source.csv, kind);
            } else if (source != null && source.generate != null) {
                report = importer.importGenerated(Corpus.bundled(), source.generate, seed);
            } else {
                report = importer.importBundled();
            }
            java.io.PrintWriter out = spec.commandLine().getOut();
            out.printf("imported %s: %d rows read, %d new tracks, %d already present, %d bad rows%n",
                    report.source(), report.rowsRead(), report.inserted(), report.alreadyPresent(),
                    report.badRowCount());
            report.badRows().forEach(bad -> out.printf("  bad row at line %d: %s%n", bad.line(), bad.reason()));
            out.flush();
            return report.badRowCount() == 0 ? 0 : EXIT_BAD_ROWS;
        }
    }
}
