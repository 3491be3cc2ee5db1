package io.constellation.cache.store;

import io.constellation.cache.store.internal.ByteSink;
import io.constellation.common.concurrent.Blocking;
import io.constellation.common.search.QueryKey;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The disk tier: one file per query, {@code <root>/ab/cd/abcd0123456789ef.res} for a query
 * whose {@linkplain QueryKey#hex() hash} starts with {@code abcd} (two levels of 256 folders,
 * so no folder holds more than a few hundred files even with millions of queries).
 *
 * <p>Writes are atomic: the image goes to a uniquely named temporary file in the target's
 * folder, which is then renamed over the target; a reader sees the old file or the new
 * one, and two nodes or threads writing one query both succeed (the last rename wins).
 * Files are not fsynced: this is a cache, and a file that a power cut leaves empty or torn
 * fails its length or checksum check on the next read and is recomputed
 * ({@link ReadOutcome.Corrupt}), which costs less than an fsync on every miss.
 *
 * <p>Nothing here throws for the cases a caller must handle: reads and writes return typed
 * outcomes ({@link ReadOutcome}, {@link WriteOutcome}). Every method does blocking file I/O
 * ({@link Blocking}): call it from a worker pool, never from a gRPC or Netty event loop.
 * Thread-safe: it holds no mutable state.
 */
@Blocking
public final class DiskStore {

    /** Suffix of a result file. */
    public static final String SUFFIX = ".res";
    /** Suffix of a file being written; one left behind is a crashed write's garbage. */
    public static final String TEMP_SUFFIX = ".tmp";

    private final Path root;
    private final ImageWriter writer;

    /** A store under {@code root} (created on the first write if missing). */
    public DiskStore(Path root) {
        this(root, DiskStore::writeImage);
    }

    /** A store whose file writes go through {@code writer} (tests use it to simulate a full disk). */
    DiskStore(Path root, ImageWriter writer) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath();
        this.writer = writer;
    }

    /** Writes the bytes of a file image to a new file; the seam for simulated failures. */
    @FunctionalInterface
    interface ImageWriter {
        void write(Path file, byte[] bytes, int length) throws IOException;
    }

    /** The folder all result files live under. */
    public Path root() {
        return root;
    }

    /** Where the results of {@code key} are (or would be) stored. */
    public Path pathOf(QueryKey key) {
        String hex = key.hex();
        return root.resolve(hex.substring(0, 2)).resolve(hex.substring(2, 4)).resolve(hex + SUFFIX);
    }

    /** Reads and checks the file of {@code key}. */
    public ReadOutcome read(QueryKey key) {
        Path file = pathOf(key);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size > ResultFile.MAX_FILE_BYTES) {
                return new ReadOutcome.Corrupt(file, ReadOutcome.Corruption.MALFORMED,
                        size + " bytes, larger than any result file");
            }
            byte[] bytes = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // Bulk reads until full or end of file.
            }
            if (buffer.hasRemaining()) {
                return new ReadOutcome.Corrupt(file, ReadOutcome.Corruption.TRUNCATED, "shrank while being read");
            }
            ReadOutcome outcome = ResultFile.decode(bytes, file, key);
            if (outcome instanceof ReadOutcome.Hit) {
                touch(file);
            }
            return outcome;
        } catch (NoSuchFileException e) {
            return new ReadOutcome.Absent();
        } catch (IOException e) {
            return new ReadOutcome.Failed(file, e);
        }
    }

    /** Stores {@code entry}, replacing any earlier file of its query. */
    public WriteOutcome write(CacheEntry entry) {
        Path target = pathOf(entry.key());
        ByteSink image = ResultFile.encode(entry);
        Path temp = null;
        try {
            Files.createDirectories(target.getParent());
            temp = Files.createTempFile(target.getParent(), target.getFileName() + ".", TEMP_SUFFIX);
            writer.write(temp, image.array(), image.size());
            move(temp, target);
            return new WriteOutcome.Written(target, image.size());
        } catch (IOException e) {
            deleteQuietly(temp);
            return new WriteOutcome.Failed(target, isDiskFull(e), e);
        }
    }

    /** Removes the file of {@code key}; false if there was none. */
    public boolean delete(QueryKey key) throws IOException {
        return Files.deleteIfExists(pathOf(key));
    }

    /**
     * Counts the result files and their bytes, and deletes temporary files that crashed
     * writes left behind (run once at start, before serving, so none is a write in flight).
     * Walks the whole tree: seconds for millions of files.
     */
    public Usage scan() throws IOException {
        if (!Files.isDirectory(root)) {
            return new Usage(0, 0, 0);
        }
        long files = 0;
        long bytes = 0;
        long tempsDeleted = 0;
        try (Stream<Path> paths = Files.find(root, 3, (p, a) -> a.isRegularFile())) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                String name = p.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    tempsDeleted += Files.deleteIfExists(p) ? 1 : 0;
                } else if (name.endsWith(SUFFIX)) {
                    files++;
                    bytes += Files.readAttributes(p, BasicFileAttributes.class).size();
                }
            }
        }
        return new Usage(files, bytes, tempsDeleted);
    }

    /**
     * Deletes the least recently used result files (oldest modification time: a write sets
     * it, a read that finds a good file moves it to now) until their total is at most
     * {@code targetBytes}, when it is above {@code budgetBytes}; otherwise only counts.
     * Walks the whole tree and sorts the files by recency: run it from one background
     * thread, not per request. A file replaced or deleted meanwhile is skipped.
     *
     * @return what is left and what was deleted
     */
    public Sweep evict(long budgetBytes, long targetBytes) throws IOException {
        if (!Files.isDirectory(root)) {
            return new Sweep(0, 0, 0, 0);
        }
        List<FileAge> all = new ArrayList<>();
        long bytes = 0;
        try (Stream<Path> paths = Files.find(root, 3, (p, a) -> a.isRegularFile()
                && p.getFileName().toString().endsWith(SUFFIX))) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                try {
                    BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                    all.add(new FileAge(p, a.lastModifiedTime().toMillis(), a.size()));
                    bytes += a.size();
                } catch (NoSuchFileException e) {
                    // Replaced (a temporary name renamed over it) or deleted since the walk saw it.
                }
            }
        }
        long files = all.size();
        long evicted = 0;
        long evictedBytes = 0;
        if (bytes > budgetBytes) {
            all.sort(Comparator.comparingLong(FileAge::lastUsedMillis));
            for (int i = 0; i < all.size() && bytes > targetBytes; i++) {
                FileAge f = all.get(i);
                if (Files.deleteIfExists(f.file())) {
                    bytes -= f.bytes();
                    files--;
                    evicted++;
                    evictedBytes += f.bytes();
                }
            }
        }
        return new Sweep(files, bytes, evicted, evictedBytes);
    }

    private record FileAge(Path file, long lastUsedMillis, long bytes) {
    }

    /**
     * What {@link #evict} left and removed.
     *
     * @param files        result files left
     * @param bytes        their total size
     * @param evicted      files deleted
     * @param evictedBytes their total size
     */
    public record Sweep(long files, long bytes, long evicted, long evictedBytes) {
    }

    /** Marks a file as just used, for {@link #evict}: one metadata write per disk hit. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            // Replaced or removed meanwhile, or a read-only disk: recency is a hint only.
        }
    }

    /**
     * What {@link #scan()} found.
     *
     * @param files        result files
     * @param bytes        their total size
     * @param tempsDeleted leftover temporary files removed
     */
    public record Usage(long files, long bytes, long tempsDeleted) {
    }

    private static void writeImage(Path file, byte[] bytes, int length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp == null) {
            return;
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // Left for scan() to remove at the next start.
        }
    }

    /**
     * Whether {@code e} (or a cause) is the file system saying it is out of space or quota.
     * The JDK has no type for it: on Linux the message carries strerror's text for ENOSPC
     * and EDQUOT.
     */
    static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }
}
