package io.constellation.common.corpus;

import java.util.List;

/**
 * One record read by {@link CsvReader}.
 *
 * @param line   1-based line of the file where the record starts (a record may span lines)
 * @param fields the field values, unquoted and unescaped
 * @param error  why the record is malformed (e.g. unterminated quote), or null when it is well formed;
 *               a malformed record's fields are whatever was read before the problem
 */
public record CsvRecord(long line, List<String> fields, String error) {

    public CsvRecord {
        fields = List.copyOf(fields);
    }

    /** True when the record is well formed. */
    public boolean ok() {
        return error == null;
    }
}
