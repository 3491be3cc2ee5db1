package io.constellation.index;

import java.io.IOException;

/**
 * A segment or checkpoint file is not what was written: wrong magic or version, truncated,
 * checksum mismatch, or contents that contradict themselves. The index never returns data
 * read from such a file; the caller rebuilds from the catalog instead.
 */
public class CorruptIndexException extends IOException {

    private static final long serialVersionUID = 1L;

    /** A corruption described by {@code message} (which should name the file). */
    public CorruptIndexException(String message) {
        super(message);
    }

    /** A corruption detected through {@code cause} (e.g. a malformed bitmap). */
    public CorruptIndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
