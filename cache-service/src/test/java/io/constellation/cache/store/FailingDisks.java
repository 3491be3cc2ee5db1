package io.constellation.cache.store;

import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** Disk stores whose writes fail as a real file system's would, for tests outside this package. */
public final class FailingDisks {

    private FailingDisks() {
    }

    /** A store under {@code root} whose every file write fails with ENOSPC's text (reads work). */
    public static DiskStore full(Path root) {
        return new DiskStore(root, (file, bytes, length) -> {
            throw new FileSystemException(file.toString(), null, "No space left on device");
        });
    }
}
