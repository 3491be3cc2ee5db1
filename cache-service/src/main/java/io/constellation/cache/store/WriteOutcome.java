package io.constellation.cache.store;

import java.io.IOException;
import java.nio.file.Path;

/** What writing a query's cache file did. A failure leaves any earlier file for the query as it was. */
public sealed interface WriteOutcome {

    /** The file is in place, complete. */
    record Written(Path file, int bytes) implements WriteOutcome {
    }

    /**
     * The file could not be written: serve the results uncached and count it.
     *
     * @param diskFull whether the file system reported no space or quota left (an operator
     *                 must free space or add disk; other failures are reported as they are)
     */
    record Failed(Path file, boolean diskFull, IOException cause) implements WriteOutcome {
    }
}
