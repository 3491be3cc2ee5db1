package io.constellation.common.corpus;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV: fields separated by commas, records by CRLF, LF or CR; a field in
 * double quotes may hold commas, line breaks and doubled quotes ({@code ""} is one quote).
 * Malformed input never throws: the record comes back with {@link CsvRecord#error()} set
 * (a quote inside an unquoted field, text after a closing quote, a quote never closed) and
 * reading resumes at the next line, so one bad row costs one row. Not thread-safe.
 */
public final class CsvReader implements Closeable {

    private static final int EOF = -1;

    private final Reader in;
    private final char[] buf = new char[16 * 1024];
    private int pos;
    private int len;
    /** Line of the next unread character, 1-based. */
    private long line = 1;
    private boolean atEof;

    /** Reads from {@code in}, which it closes on {@link #close()}; buffering is done here. */
    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or null at the end of input. */
    public CsvRecord next() {
        if (peek() == EOF) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            field.setLength(0);
            String error = peek() == '"' ? readQuoted(field) : readUnquoted(field);
            fields.add(field.toString());
            if (error != null) {
                skipRestOfLine();
                return new CsvRecord(start, fields, error);
            }
            int c = read();
            if (c == ',') {
                continue;
            }
            endLine(c);
            return new CsvRecord(start, fields, null);
        }
    }

    /** Reads an unquoted field up to (not including) the comma or line end; null or an error. */
    private String readUnquoted(StringBuilder field) {
        while (true) {
            int c = peek();
            if (c == EOF || c == ',' || c == '\r' || c == '\n') {
                return null;
            }
            if (c == '"') {
                return "quote inside an unquoted field";
            }
            field.append((char) read());
        }
    }

    /** Reads a quoted field, leaving the character after the closing quote unread. */
    private String readQuoted(StringBuilder field) {
        read(); // opening quote
        while (true) {
            int c = read();
            if (c == EOF) {
                return "unterminated quote";
            }
            if (c == '"') {
                if (peek() != '"') {
                    int after = peek();
                    return after == EOF || after == ',' || after == '\r' || after == '\n' ? null : "text after closing quote";
                }
                read();
            }
            countLineBreak(c);
            field.append((char) c);
        }
    }

    private void countLineBreak(int c) {
        if (c == '\n' || c == '\r' && peek() != '\n') {
            line++;
        }
    }

    /** Consumes the line break {@code c} (already read) and its LF if it was a CR. */
    private void endLine(int c) {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        if (c != EOF) {
            line++;
        }
    }

    private void skipRestOfLine() {
        int c;
        do {
            c = read();
        } while (c != EOF && c != '\r' && c != '\n');
        endLine(c);
    }

    private int peek() {
        if (pos == len && !fill()) {
            return EOF;
        }
        return buf[pos];
    }

    private int read() {
        int c = peek();
        if (c != EOF) {
            pos++;
        }
        return c;
    }

    private boolean fill() {
        if (atEof) {
            return false;
        }
        try {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            if (n < 0) {
                atEof = true;
                return false;
            }
            pos = 0;
            len = n;
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
