package io.constellation.common.corpus.internal;

import io.constellation.common.catalog.TrackStore;

import java.util.List;
import java.util.Locale;

/**
 * Locates the columns of a chart CSV by header name and checks each row, so that the importer
 * and the corpus loader accept exactly the same rows. Immutable, thread-safe.
 */
public final class RowRules {

    private final int width;
    private final int title;
    private final int artist;
    private final int weeks;
    private final int peak;

    private RowRules(int width, int title, int artist, int weeks, int peak) {
        this.width = width;
        this.title = title;
        this.artist = artist;
        this.weeks = weeks;
        this.peak = peak;
    }

    /**
     * Rules for a file with this header row (names matched without case, BOM or surrounding
     * blanks); {@code title} and {@code artist} are required, the other columns optional.
     */
    public static RowRules fromHeader(List<String> header) {
        int t = -1;
        int a = -1;
        int w = -1;
        int p = -1;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).replace("\uFEFF", "").trim().toLowerCase(Locale.ROOT);
            switch (name) {
                case "title" -> t = i;
                case "artist" -> a = i;
                case "weeks_on_chart" -> w = i;
                case "peak_position" -> p = i;
                default -> { }
            }
        }
        if (t < 0 || a < 0) {
            throw new IllegalArgumentException("CSV header must name columns title and artist, got " + header);
        }
        return new RowRules(header.size(), t, a, w, p);
    }

    /** Why the row cannot become a track, or null when it can. */
    public String problem(List<String> row) {
        if (row.size() != width) {
            return "expected " + width + " fields, got " + row.size();
        }
        String p = fieldProblem("title", title(row));
        return p != null ? p : fieldProblem("artist", artist(row));
    }

    private static String fieldProblem(String name, String value) {
        if (value.isEmpty()) {
            return "empty " + name;
        }
        if (value.codePointCount(0, value.length()) > TrackStore.MAX_FIELD_LENGTH) {
            return name + " longer than " + TrackStore.MAX_FIELD_LENGTH + " characters";
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return "line break inside " + name;
        }
        return null;
    }

    /** The row's title, trimmed. */
    public String title(List<String> row) {
        return row.get(title).trim();
    }

    /** The row's artist, trimmed. */
    public String artist(List<String> row) {
        return row.get(artist).trim();
    }

    /** Weeks on chart, 0 when the column is missing or not a number. */
    public int weeks(List<String> row) {
        return intAt(row, weeks);
    }

    /** Peak position, 0 when the column is missing or not a number. */
    public int peak(List<String> row) {
        return intAt(row, peak);
    }

    private static int intAt(List<String> row, int i) {
        if (i < 0) {
            return 0;
        }
        try {
            return Integer.parseInt(row.get(i).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
