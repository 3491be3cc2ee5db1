package io.constellation.index;

import io.constellation.index.internal.AtomicFiles;
import io.constellation.index.internal.SegmentFile;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory holding one shard's saved index: segment files ({@code segment-<generation>
 * [-n].cseg}, format in {@code SegmentFile}) and the {@link Checkpoint} naming the current
 * one.
 *
 * <p>Save order makes a crash at any point safe: the segment is written atomically under a
 * new name, then the checkpoint is replaced atomically, and only then are older segment
 * files and leftover temp files deleted. Until the checkpoint is replaced the previous one
 * still names an intact segment.
 *
 * <p>Not thread-safe: use from one thread (the writer that owns the {@link IndexState}).
 */
public final class IndexStore {

    private static final Logger log = LoggerFactory.getLogger(IndexStore.class);
    private static final String SEGMENT_PREFIX = "segment-";
    private static final String SEGMENT_SUFFIX = ".cseg";

    private final Path dir;
    private final ShardLayout layout;

    /**
     * A store in {@code dir} (created if missing on save) for the shard {@code layout}.
     */
    public IndexStore(Path dir, ShardLayout layout) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.layout = Objects.requireNonNull(layout, "layout");
    }

    /**
     * A saved index that passed every check.
     *
     * @param segment    the main segment
     * @param checkpoint where it stands relative to the catalog
     */
    public record StoredIndex(Segment segment, Checkpoint checkpoint) {
    }

    /**
     * Saves {@code segment} (the main segment of a merged snapshot: a delta is not saved)
     * and a checkpoint recording the catalog position, then deletes older segment files.
     *
     * @return the checkpoint written
     */
    public Checkpoint save(Segment segment, long lastTrackId, long lastUpdateId, long generation)
            throws IOException {
        if (!segment.layout().equals(layout)) {
            throw new IllegalArgumentException("segment of " + segment.layout() + " in store of " + layout);
        }
        Files.createDirectories(dir);
        String name = freeSegmentName(generation);
        SegmentFile.Info info = SegmentFile.write(segment, dir.resolve(name));
        Checkpoint checkpoint = new Checkpoint(layout.shard(), layout.shardCount(), lastTrackId, lastUpdateId,
                generation, name, info.length(), info.crc32c());
        checkpoint.write(dir);
        deleteAllBut(name);
        return checkpoint;
    }

    /**
     * Loads the saved index.
     *
     * @return empty when there is nothing usable, and the caller must rebuild: no
     *         checkpoint, a checkpoint for another shard layout, or a checkpoint or segment
     *         that fails its checks (logged at WARN)
     * @throws IOException on an I/O error other than corruption
     */
    public Optional<StoredIndex> load() throws IOException {
        try {
            Optional<Checkpoint> found = Checkpoint.load(dir);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Checkpoint checkpoint = found.get();
            if (!checkpoint.layout().equals(layout)) {
                log.warn("index in {} is for shard {} not {}; rebuilding", dir, checkpoint.layout(), layout);
                return Optional.empty();
            }
            SegmentFile.Loaded loaded = SegmentFile.read(dir.resolve(checkpoint.segmentFile()));
            if (loaded.info().crc32c() != checkpoint.segmentCrc32c()
                    || !loaded.segment().layout().equals(layout)) {
                throw new CorruptIndexException(checkpoint.segmentFile() + " is not the segment the checkpoint names");
            }
            return Optional.of(new StoredIndex(loaded.segment(), checkpoint));
        } catch (CorruptIndexException e) {
            log.warn("index in {} is unusable; rebuilding: {}", dir, e.getMessage());
            return Optional.empty();
        }
    }

    private String freeSegmentName(long generation) {
        String name = SEGMENT_PREFIX + generation + SEGMENT_SUFFIX;
        for (int n = 1; Files.exists(dir.resolve(name)); n++) {
            name = SEGMENT_PREFIX + generation + "-" + n + SEGMENT_SUFFIX;
        }
        return name;
    }

    /** Deletes segment and temp files other than {@code keep}; failures only logged. */
    private void deleteAllBut(String keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean segment = name.startsWith(SEGMENT_PREFIX)
                        && (name.endsWith(SEGMENT_SUFFIX) || name.endsWith(AtomicFiles.TEMP_SUFFIX));
                if (!name.equals(keep) && (segment || name.equals(Checkpoint.FILE_NAME + AtomicFiles.TEMP_SUFFIX))) {
                    try {
                        Files.deleteIfExists(file);
                    } catch (IOException e) {
                        log.warn("could not delete old index file {}: {}", file, e.toString());
                    }
                }
            }
        }
    }
}
