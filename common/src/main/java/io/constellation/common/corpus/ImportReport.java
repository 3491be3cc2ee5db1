package io.constellation.common.corpus;

import java.util.ArrayList;
import java.util.List;

/**
 * What an import did.
 *
 * @param source         what was imported (file name, "classpath:...", "generated")
 * @param rowsRead       data rows read (header excluded), good and bad
 * @param inserted       tracks that were new to the catalog
 * @param alreadyPresent good rows whose track the catalog already had (or that repeated an earlier row)
 * @param badRowCount    rows skipped as malformed
 * @param badRows        the first {@value #MAX_BAD_ROWS_KEPT} bad rows, in file order
 */
public record ImportReport(String source, long rowsRead, long inserted, long alreadyPresent,
                           long badRowCount, List<BadRow> badRows) {

    /** How many bad rows a report lists in detail; the rest are only counted. */
    public static final int MAX_BAD_ROWS_KEPT = 100;

    public ImportReport {
        badRows = List.copyOf(badRows);
    }

    /** This report and {@code other} added together (sources joined by "+"). */
    public ImportReport plus(ImportReport other) {
        List<BadRow> bad = new ArrayList<>(badRows);
        for (BadRow b : other.badRows) {
            if (bad.size() < MAX_BAD_ROWS_KEPT) {
                bad.add(b);
            }
        }
        return new ImportReport(source + "+" + other.source, rowsRead + other.rowsRead, inserted + other.inserted,
                alreadyPresent + other.alreadyPresent, badRowCount + other.badRowCount, bad);
    }

    /**
     * A row that was skipped.
     *
     * @param line   1-based line where the row starts
     * @param reason why it was skipped
     */
    public record BadRow(long line, String reason) {
    }
}
