package io.constellation.cache.store;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What reading a query's cache file found. Only {@link Hit} carries results; every other
 * outcome means "compute the results" (and, for {@link Corrupt} and {@link Failed}, count it).
 */
public sealed interface ReadOutcome {

    /** The file holds the query's results (not yet checked for freshness: see {@link CacheEntry}). */
    record Hit(CacheEntry entry, int fileBytes) implements ReadOutcome {
    }

    /** No file for the query's hash. */
    record Absent() implements ReadOutcome {
    }

    /**
     * The file belongs to another query whose canonical form has the same 64-bit hash (so
     * rare it may never happen, but never served as this query's results). Writing this
     * query's results replaces it.
     */
    record Collision(String storedQuery) implements ReadOutcome {
    }

    /**
     * The file is not a complete, intact result file: never served. Writing the query's
     * results replaces it.
     *
     * @param kind   which check failed (a bounded set, fit for a metric tag)
     * @param detail what was found, for the log
     */
    record Corrupt(Path file, Corruption kind, String detail) implements ReadOutcome {
    }

    /** Reading the file failed (e.g. an I/O error or a permission problem). */
    record Failed(Path file, IOException cause) implements ReadOutcome {
    }

    /** Which check a {@link Corrupt} file failed. */
    enum Corruption {
        /** Shorter than its header says (e.g. a crash left a partial or empty file). */
        TRUNCATED,
        /** Does not start with the result file magic. */
        NOT_A_RESULT_FILE,
        /** A format version this code does not read (written by another release). */
        UNSUPPORTED_VERSION,
        /** The CRC32C over the file does not match: bytes changed on disk. */
        CHECKSUM,
        /** The header's query hash is not the one the file's path stands for. */
        MISPLACED,
        /** Intact checksum but contents that do not parse or contradict the header. */
        MALFORMED
    }
}
