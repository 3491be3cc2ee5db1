package io.constellation.cache.store;

import io.constellation.cache.store.ReadOutcome.Corruption;
import io.constellation.cache.store.internal.ByteSink;
import io.constellation.cache.store.internal.ByteSource;
import io.constellation.cache.store.internal.MalformedDataException;
import io.constellation.common.search.QueryKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The bytes of one result file. Numbers little-endian:
 *
 * <pre>
 * header, 48 bytes
 *   int   magic            0x53455243 ("CRES" in file order)
 *   u16   version          1
 *   u16   flags            bit 0: capped
 *   long  queryHash        {@link QueryKey#hash()}, also the file's name
 *   long  indexGeneration  {@link CacheEntry#indexGeneration()}
 *   long  createdAtMillis  epoch milliseconds
 *   int   count            rows
 *   int   queryLength      bytes of the canonical query
 *   int   rawLength        bytes of the body before compression
 *   int   storedLength     bytes of the body in the file
 * query   the canonical form, UTF-8 (tells a hash collision from a hit)
 * body    zlib (Deflate), level {@value #COMPRESSION_LEVEL}, of:
 *   ids         count zig-zag varints: each id minus the previous one (the first minus 0)
 *   historical  count zig-zag varints: each value's IEEE 754 bits minus the previous ones
 *   strings     varint n; n varint UTF-8 lengths; then the n strings' bytes
 *   references  count varints for artists, then count for titles, then count for albums
 * footer
 *   int   crc32c           of every byte before it
 * </pre>
 *
 * <p><b>Why this encoding.</b> Rows are in rank order (historical availability descending,
 * ties by id), so ids are not ascending overall, but they are within each run of equal
 * historical availability, and most rows of a long result set share a handful of values
 * (never or rarely shared tracks). Deltas in rank order are therefore small and positive
 * inside runs and arbitrary only at a run's start; zig-zag keeps the negative ones short.
 * The alternative, ascending ids plus a permutation, pays {@code log2(count)} bits a row for
 * the permutation whatever the data and cannot profit from the runs. Historical
 * availabilities are non-negative doubles, whose bit patterns order like the values, so the
 * same delta coding gives 1-byte zeros inside runs. Display strings are stored once each
 * (in order of first appearance, row by row) and referenced per field: a reference is 0 for
 * "the next new string", else how many strings back it is, so a title seen for the first
 * time costs one zero byte and an artist repeated on the next row a small number. Deflate
 * then squeezes the columns (runs of zeros, repeated small deltas, the text).
 *
 * <p><b>Measured</b> ({@code ResultFileMeasurement} in the tests: a catalog of 5,000,000
 * tracks generated from the bundled chart corpus, 70% of them with historical availability
 * 0, the rest from a skewed popularity after 30 daily updates; Deflate level 1; load
 * average ~4 on 2 shared cores):
 * <table>
 *   <caption>bytes per row of a result file</caption>
 *   <tr><th>query</th><th>rows</th><th>whole rows</th><th>ids alone</th>
 *       <th>ids as ascending deltas + permutation</th><th>historical alone</th><th>in memory</th></tr>
 *   <tr><td>love</td><td>281,178</td><td>14.0</td><td>1.58</td><td>3.13</td><td>0.92</td><td>41.5</td></tr>
 *   <tr><td>drake</td><td>58,153</td><td>16.5</td><td>1.90</td><td>3.09</td><td>1.06</td><td>49.4</td></tr>
 *   <tr><td>outkast</td><td>3,889</td><td>17.5</td><td>2.39</td><td>3.21</td><td>1.30</td><td>52.0</td></tr>
 * </table>
 * Uncompressed, a row would take 16 bytes of numbers plus ~45 of text. The display strings
 * are most of a file (titles are nearly all distinct); ids cost under 2.4 bytes and
 * historical availability about 1. Writing costs ~0.45 us of CPU a row, reading ~0.15 us.
 *
 * <p>Stateless; any thread.
 */
final class ResultFile {

    /** First four bytes of a result file. */
    static final int MAGIC = 0x53455243;
    /** Format version this code writes and reads. */
    static final int VERSION = 1;
    static final int HEADER_BYTES = 48;
    static final int FOOTER_BYTES = 4;
    /**
     * Deflate level. Measured on realistic sets (see the class comment): level 6 makes files
     * about 9% smaller than level 1 but costs 2.5 times the CPU to write (1.2-1.5
     * against 0.45-0.6 us a row), level 9 gains nothing more; reading costs the same. A miss already pays
     * for the index and the catalog, and this 2-core machine is CPU-bound long before its
     * disk is, so the cheaper level wins.
     */
    static final int COMPRESSION_LEVEL = 1;
    /** Longest canonical query a file may name (the API allows 1 KiB; room for growth). */
    static final int MAX_QUERY_BYTES = 4096;
    /** Largest body accepted on read: bounds the allocation a damaged header could ask for. */
    static final int MAX_RAW_BYTES = 1 << 30;
    /**
     * Deflate expands at most ~1032 times, so a header announcing more is lying: checked
     * before allocating the body's buffer.
     */
    static final int MAX_DEFLATE_RATIO = 1032;
    /** Largest file accepted on read. */
    static final long MAX_FILE_BYTES = (long) MAX_RAW_BYTES + MAX_QUERY_BYTES + (1 << 20);
    private static final int FLAG_CAPPED = 1;

    private ResultFile() {
    }

    /** The file image of {@code entry}: bytes {@code [0, size())} of the returned sink. */
    static ByteSink encode(CacheEntry entry) {
        return encode(entry, COMPRESSION_LEVEL);
    }

    /** {@link #encode(CacheEntry)} at another Deflate level (for measurements). */
    static ByteSink encode(CacheEntry entry, int level) {
        return assemble(entry, entry.results().size(), encodeBody(entry.results()), level);
    }

    /**
     * The file image of {@code entry}'s header fields around {@code body}, claiming
     * {@code count} rows (tests give bodies and counts that disagree on purpose).
     */
    static ByteSink assemble(CacheEntry entry, int count, ByteSink body, int level) {
        byte[] query = entry.key().canonical().getBytes(StandardCharsets.UTF_8);
        ByteSink out = new ByteSink(HEADER_BYTES + query.length + body.size() / 2 + 64);
        out.putInt(MAGIC).putShort(VERSION).putShort(entry.capped() ? FLAG_CAPPED : 0)
                .putLong(entry.key().hash()).putLong(entry.indexGeneration()).putLong(entry.createdAtMillis())
                .putInt(count).putInt(query.length).putInt(body.size());
        int storedLengthAt = out.reserve(4);
        out.putBytes(query, 0, query.length);
        int stored = deflate(body, out, level);
        out.putIntAt(storedLengthAt, stored);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.size());
        out.putInt((int) crc.getValue());
        return out;
    }

    /** The uncompressed body: the columns described in the class comment. */
    static ByteSink encodeBody(ResultSet rows) {
        int n = rows.size();
        ByteSink body = new ByteSink(n * 8 + rows.text.length + 64);
        long previous = 0;
        for (long id : rows.ids) {
            body.putZigZag(id - previous);
            previous = id;
        }
        previous = 0;
        for (double h : rows.historical) {
            long bits = Double.doubleToLongBits(h);
            body.putZigZag(bits - previous);
            previous = bits;
        }
        int strings = rows.distinctStrings();
        body.putVarLong(strings);
        for (int s = 0; s < strings; s++) {
            body.putVarLong(rows.textOffsets[s + 1] - rows.textOffsets[s]);
        }
        body.putBytes(rows.text, 0, rows.text.length);
        int[] codes = referenceCodes(rows.refs);
        for (int f = 0; f < ResultSet.FIELDS; f++) {
            for (int r = 0; r < n; r++) {
                body.putVarLong(codes[r * ResultSet.FIELDS + f]);
            }
        }
        return body;
    }

    /** Row-major: 0 for the next new string, else distance back from the next new string's number. */
    private static int[] referenceCodes(int[] refs) {
        int[] codes = new int[refs.length];
        int next = 0;
        for (int i = 0; i < refs.length; i++) {
            if (refs[i] == next) {
                next++;
            } else {
                codes[i] = next - refs[i];
            }
        }
        return codes;
    }

    private static int deflate(ByteSink body, ByteSink out, int level) {
        Deflater deflater = new Deflater(level);
        try {
            deflater.setInput(body.array(), 0, body.size());
            deflater.finish();
            int written = 0;
            while (!deflater.finished()) {
                out.ensureFree(Math.max(4096, body.size() / 4));
                int n = deflater.deflate(out.array(), out.size(), out.free());
                out.advance(n);
                written += n;
            }
            return written;
        } finally {
            deflater.end();
        }
    }

    /**
     * Parses and checks the image {@code bytes} of {@code file}, which should hold the results
     * of {@code expected}.
     */
    static ReadOutcome decode(byte[] bytes, Path file, QueryKey expected) {
        int length = bytes.length;
        if (length >= 4 && ByteSource.intAt(bytes, 0) != MAGIC) {
            return new ReadOutcome.Corrupt(file, Corruption.NOT_A_RESULT_FILE, "bad magic");
        }
        if (length < HEADER_BYTES + FOOTER_BYTES) {
            return new ReadOutcome.Corrupt(file, Corruption.TRUNCATED, length + " bytes, shorter than a header");
        }
        try {
            return decodeChecked(bytes, file, expected);
        } catch (MalformedDataException e) {
            return new ReadOutcome.Corrupt(file, Corruption.MALFORMED, e.getMessage());
        }
    }

    private static ReadOutcome decodeChecked(byte[] bytes, Path file, QueryKey expected) throws MalformedDataException {
        ByteSource in = new ByteSource(bytes, 4, HEADER_BYTES);
        int version = in.getUnsignedShort();
        if (version != VERSION) {
            return new ReadOutcome.Corrupt(file, Corruption.UNSUPPORTED_VERSION, "version " + version);
        }
        int flags = in.getUnsignedShort();
        long hash = in.getLong();
        long generation = in.getLong();
        long createdAt = in.getLong();
        int count = in.getInt();
        int queryLength = in.getInt();
        int rawLength = in.getInt();
        int storedLength = in.getInt();
        if (count < 0 || queryLength < 0 || queryLength > MAX_QUERY_BYTES || rawLength < 0
                || rawLength > MAX_RAW_BYTES || storedLength < 0
                || rawLength > (long) storedLength * MAX_DEFLATE_RATIO + 64) {
            return new ReadOutcome.Corrupt(file, Corruption.MALFORMED, "header lengths out of range");
        }
        long expectedLength = (long) HEADER_BYTES + queryLength + storedLength + FOOTER_BYTES;
        if (bytes.length < expectedLength) {
            return new ReadOutcome.Corrupt(file, Corruption.TRUNCATED,
                    bytes.length + " bytes, the header says " + expectedLength);
        }
        if (bytes.length > expectedLength) {
            return new ReadOutcome.Corrupt(file, Corruption.MALFORMED,
                    bytes.length + " bytes, the header says " + expectedLength);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - FOOTER_BYTES);
        if ((int) crc.getValue() != ByteSource.intAt(bytes, bytes.length - FOOTER_BYTES)) {
            return new ReadOutcome.Corrupt(file, Corruption.CHECKSUM, "CRC32C mismatch");
        }
        if (hash != expected.hash()) {
            return new ReadOutcome.Corrupt(file, Corruption.MISPLACED, "holds hash " + Long.toHexString(hash));
        }
        String query = new String(bytes, HEADER_BYTES, queryLength, StandardCharsets.UTF_8);
        if (!query.equals(expected.canonical())) {
            return new ReadOutcome.Collision(query);
        }
        byte[] body = inflate(bytes, HEADER_BYTES + queryLength, storedLength, rawLength);
        ResultSet rows = decodeBody(body, count);
        CacheEntry entry = new CacheEntry(expected, generation, createdAt, (flags & FLAG_CAPPED) != 0, rows);
        return new ReadOutcome.Hit(entry, bytes.length);
    }

    private static byte[] inflate(byte[] bytes, int from, int storedLength, int rawLength) throws MalformedDataException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(bytes, from, storedLength);
            byte[] body = new byte[rawLength];
            int n = 0;
            while (n < rawLength && !inflater.finished()) {
                int got = inflater.inflate(body, n, rawLength - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += got;
            }
            if (n != rawLength || !inflater.finished() || inflater.getRemaining() != 0) {
                throw new MalformedDataException("body inflates to " + n + " bytes, the header says " + rawLength);
            }
            return body;
        } catch (DataFormatException e) {
            throw new MalformedDataException("body does not inflate: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    /** Parses a body of {@code count} rows; the inverse of {@link #encodeBody}. */
    static ResultSet decodeBody(byte[] body, int count) throws MalformedDataException {
        ByteSource in = new ByteSource(body, 0, body.length);
        if ((long) count * 5 > body.length) {
            // Every row takes at least 5 bytes (two deltas, three references).
            throw new MalformedDataException(count + " rows cannot fit in " + body.length + " bytes");
        }
        long[] ids = new long[count];
        long previous = 0;
        for (int r = 0; r < count; r++) {
            previous += in.getZigZag();
            ids[r] = previous;
        }
        double[] historical = new double[count];
        previous = 0;
        for (int r = 0; r < count; r++) {
            previous += in.getZigZag();
            historical[r] = Double.longBitsToDouble(previous);
        }
        int strings = in.getVarInt(in.remaining());
        int[] offsets = new int[strings + 1];
        for (int s = 0; s < strings; s++) {
            // Checked at each step, so the offsets ascend and stay inside the body.
            offsets[s + 1] = offsets[s] + in.getVarInt(body.length - offsets[s]);
        }
        int textAt = in.skip(offsets[strings]);
        byte[] text = Arrays.copyOfRange(body, textAt, textAt + offsets[strings]);
        int[] refs = decodeReferences(in, count, strings);
        if (in.remaining() != 0) {
            throw new MalformedDataException(in.remaining() + " bytes after the last column");
        }
        return count == 0 ? ResultSet.empty() : new ResultSet(ids, historical, refs, text, offsets);
    }

    private static int[] decodeReferences(ByteSource in, int count, int strings) throws MalformedDataException {
        int[] codes = new int[count * ResultSet.FIELDS];
        for (int f = 0; f < ResultSet.FIELDS; f++) {
            for (int r = 0; r < count; r++) {
                codes[r * ResultSet.FIELDS + f] = in.getVarInt(strings);
            }
        }
        int next = 0;
        for (int i = 0; i < codes.length; i++) {
            int code = codes[i];
            if (code == 0) {
                if (next == strings) {
                    throw new MalformedDataException("more new strings referenced than the " + strings + " stored");
                }
                codes[i] = next++;
            } else if (code > next) {
                throw new MalformedDataException("reference " + code + " back with only " + next + " strings seen");
            } else {
                codes[i] = next - code;
            }
        }
        if (next != strings) {
            throw new MalformedDataException(strings + " strings stored, " + next + " referenced");
        }
        return codes;
    }
}
