package io.constellation.common.corpus;

import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.internal.RowRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Loads chart CSVs (or generated tracks) into the catalog in batches through
 * {@link TrackStore#insertTracks}. Idempotent: importing the same data again adds nothing.
 * A malformed row is logged with its line number and reason, counted and skipped; it never
 * aborts the import. Long imports log a progress line about every
 * {@value #PROGRESS_INTERVAL_NANOS} ns. Thread-safe (each call has its own state).
 */
public final class CorpusImporter {

    /** Tracks per insert batch (one transaction each). */
    public static final int BATCH_SIZE = 1000;
    /** Least time between two progress lines: 2 s. */
    static final long PROGRESS_INTERVAL_NANOS = 2_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(CorpusImporter.class);

    private final TrackStore store;

    /** An importer writing to {@code store}. */
    public CorpusImporter(TrackStore store) {
        this.store = store;
    }

    /** Imports both bundled files: the Hot 100 songs, then the Billboard 200 albums. */
    public ImportReport importBundled() {
        ImportReport songs = importResource(Corpus.SONGS_RESOURCE, CsvKind.SONGS);
        return songs.plus(importResource(Corpus.ALBUMS_RESOURCE, CsvKind.ALBUMS));
    }

    /** Imports {@code file} (UTF-8), as albums when its name contains "album", else as songs. */
    public ImportReport importFile(Path file) {
        return importFile(file, CsvKind.inferFrom(file));
    }

    /** Imports {@code file} (UTF-8) as {@code kind}. */
    public ImportReport importFile(Path file, CsvKind kind) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return importCsv(in, file.toString(), kind);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Imports CSV text whose header names at least {@code title} and {@code artist}.
     * {@code source} names it in logs and the report. Does not close {@code in}.
     *
     * @throws IllegalArgumentException when the header lacks title or artist
     */
    public ImportReport importCsv(Reader in, String source, CsvKind kind) {
        CsvReader csv = new CsvReader(in);
        CsvRecord header = csv.next();
        if (header == null) {
            return new ImportReport(source, 0, 0, 0, 0, List.of());
        }
        RowRules rules = RowRules.fromHeader(header.fields());
        Run run = new Run(source);
        for (CsvRecord r = csv.next(); r != null; r = csv.next()) {
            run.rowsRead++;
            String problem = r.ok() ? rules.problem(r.fields()) : r.error();
            if (problem != null) {
                run.bad(r.line(), problem);
            } else {
                run.add(toTrack(rules, r.fields(), kind));
            }
        }
        return run.finish();
    }

    /**
     * Imports {@code count} tracks of {@link CorpusGenerator} for {@code seed} (the generated
     * ids are ignored; the catalog assigns its own; a bad row's "line" is the generated id). Generated tracks that repeat an earlier
     * one count as already present.
     */
    public ImportReport importGenerated(Corpus corpus, long count, long seed) {
        Run run = new Run("generated(count=" + count + ", seed=" + seed + ")");
        Iterator<Track> it = new CorpusGenerator(corpus).iterator(count, seed);
        while (it.hasNext()) {
            Track t = it.next();
            run.rowsRead++;
            if (fits(t)) {
                run.add(t);
            } else {
                run.bad(t.id(), "generated field longer than " + TrackStore.MAX_FIELD_LENGTH + " characters");
            }
        }
        return run.finish();
    }

    private ImportReport importResource(String resource, CsvKind kind) {
        try (Reader in = Corpus.openResource(resource)) {
            return importCsv(in, "classpath:" + resource, kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean fits(Track t) {
        return fits(t.artist()) && fits(t.title()) && fits(t.album());
    }

    private static boolean fits(String s) {
        return s.codePointCount(0, s.length()) <= TrackStore.MAX_FIELD_LENGTH;
    }

    private static Track toTrack(RowRules rules, List<String> row, CsvKind kind) {
        String title = rules.title(row);
        String artist = rules.artist(row);
        return kind == CsvKind.ALBUMS ? new Track(0, artist, title, title) : new Track(0, artist, title, "");
    }

    /** The state of one import: the pending batch, the counters, the progress clock. */
    private final class Run {
        private final String source;
        private final long startNanos = System.nanoTime();
        private final List<Track> batch = new ArrayList<>(BATCH_SIZE);
        private final List<ImportReport.BadRow> badRows = new ArrayList<>();
        private long lastProgressNanos = startNanos;
        private long rowsRead;
        private long good;
        private long inserted;
        private long badCount;

        Run(String source) {
            this.source = source;
        }

        void add(Track t) {
            good++;
            batch.add(t);
            if (batch.size() == BATCH_SIZE) {
                flush();
                maybeLogProgress();
            }
        }

        void bad(long line, String reason) {
            badCount++;
            LOG.warn("{}: line {} skipped: {}", source, line, reason);
            if (badRows.size() < ImportReport.MAX_BAD_ROWS_KEPT) {
                badRows.add(new ImportReport.BadRow(line, reason));
            }
        }

        ImportReport finish() {
            flush();
            long ms = (System.nanoTime() - startNanos) / 1_000_000;
            LOG.info("{}: imported {} rows in {} ms: {} new, {} already present, {} bad",
                    source, rowsRead, ms, inserted, good - inserted, badCount);
            return new ImportReport(source, rowsRead, inserted, good - inserted, badCount, badRows);
        }

        private void flush() {
            if (!batch.isEmpty()) {
                inserted += store.insertTracks(batch);
                batch.clear();
            }
        }

        private void maybeLogProgress() {
            long now = System.nanoTime();
            if (now - lastProgressNanos >= PROGRESS_INTERVAL_NANOS) {
                lastProgressNanos = now;
                double secs = (now - startNanos) / 1e9;
                LOG.info("{}: {} rows read, {} new, {} bad ({} rows/s)",
                        source, rowsRead, inserted, badCount, Math.round(rowsRead / secs));
            }
        }
    }
}
