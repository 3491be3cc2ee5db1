package io.constellation.index;

import io.constellation.index.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Where a saved index stands relative to the catalog, so a restarted index service resumes
 * following instead of rebuilding.
 *
 * <p>Stored as {@value #FILE_NAME} in the index directory: UTF-8 text lines
 * {@code key=value} in a fixed order ({@code format}, {@code shard}, {@code shardCount},
 * {@code lastTrackId}, {@code lastUpdateId}, {@code generation}, {@code segmentFile},
 * {@code segmentLength}, {@code segmentCrc32c}), then a last line {@code crc32c=} with the
 * CRC32C (8 hex digits) of all bytes before that line. Written atomically.
 *
 * @param shard         the shard the segment belongs to
 * @param shardCount    the number of shards when it was built
 * @param lastTrackId   highest catalog track id the segment covers
 * @param lastUpdateId  highest {@code index_updates} id applied
 * @param generation    index generation of the saved state
 * @param segmentFile   file name (no directory) of the segment, in the same directory
 * @param segmentLength length of that file in bytes
 * @param segmentCrc32c CRC32C stored in that file's footer
 */
public record Checkpoint(int shard, int shardCount, long lastTrackId, long lastUpdateId, long generation,
                         String segmentFile, long segmentLength, int segmentCrc32c) {

    /** Name of the checkpoint file in the index directory. */
    public static final String FILE_NAME = "checkpoint.properties";
    private static final String FORMAT = "1";
    private static final String CRC_KEY = "crc32c";

    /** Validates the checkpoint. */
    public Checkpoint {
        Objects.requireNonNull(segmentFile, "segmentFile");
        if (segmentFile.isEmpty() || segmentFile.contains("/") || segmentFile.contains("\\")
                || segmentFile.contains("\n") || segmentFile.startsWith(".")) {
            throw new IllegalArgumentException("segmentFile must be a plain file name: " + segmentFile);
        }
        new ShardLayout(shard, shardCount);
        if (segmentLength <= 0) {
            throw new IllegalArgumentException("segmentLength must be > 0: " + segmentLength);
        }
    }

    /** The shard layout recorded. */
    public ShardLayout layout() {
        return new ShardLayout(shard, shardCount);
    }

    /** Writes this checkpoint to {@code dir}/{@value #FILE_NAME} atomically. */
    public void write(Path dir) throws IOException {
        AtomicFiles.write(dir.resolve(FILE_NAME), ByteBuffer.wrap(encode().getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads the checkpoint in {@code dir}.
     *
     * @return empty if there is no checkpoint file
     * @throws CorruptIndexException if the file is malformed or fails its checksum, or the
     *                               segment file it names is missing or of another length
     */
    public static Optional<Checkpoint> load(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Checkpoint checkpoint = decode(new String(bytes, StandardCharsets.UTF_8), file.toString());
        Path segment = dir.resolve(checkpoint.segmentFile());
        if (!Files.isRegularFile(segment)) {
            throw new CorruptIndexException(file + ": names missing segment " + segment);
        }
        if (Files.size(segment) != checkpoint.segmentLength()) {
            throw new CorruptIndexException(file + ": segment " + segment + " has length " + Files.size(segment)
                    + ", expected " + checkpoint.segmentLength());
        }
        return Optional.of(checkpoint);
    }

    String encode() {
        String body = "format=" + FORMAT + "\n"
                + "shard=" + shard + "\n"
                + "shardCount=" + shardCount + "\n"
                + "lastTrackId=" + lastTrackId + "\n"
                + "lastUpdateId=" + lastUpdateId + "\n"
                + "generation=" + generation + "\n"
                + "segmentFile=" + segmentFile + "\n"
                + "segmentLength=" + segmentLength + "\n"
                + "segmentCrc32c=" + hex(segmentCrc32c) + "\n";
        return body + CRC_KEY + "=" + hex(crc(body)) + "\n";
    }

    static Checkpoint decode(String text, String name) throws CorruptIndexException {
        int crcLine = text.lastIndexOf(CRC_KEY + "=");
        if (crcLine < 0 || (crcLine > 0 && text.charAt(crcLine - 1) != '\n') || !text.endsWith("\n")) {
            throw new CorruptIndexException(name + ": no checksum line");
        }
        String body = text.substring(0, crcLine);
        String storedCrc = text.substring(crcLine + CRC_KEY.length() + 1, text.length() - 1);
        try {
            if (Integer.parseUnsignedInt(storedCrc, 16) != crc(body)) {
                throw new CorruptIndexException(name + ": checksum mismatch");
            }
            Map<String, String> values = parseLines(body, name);
            if (!FORMAT.equals(values.get("format"))) {
                throw new CorruptIndexException(name + ": unsupported format " + values.get("format"));
            }
            return new Checkpoint(
                    Integer.parseInt(required(values, "shard", name)),
                    Integer.parseInt(required(values, "shardCount", name)),
                    Long.parseLong(required(values, "lastTrackId", name)),
                    Long.parseLong(required(values, "lastUpdateId", name)),
                    Long.parseLong(required(values, "generation", name)),
                    required(values, "segmentFile", name),
                    Long.parseLong(required(values, "segmentLength", name)),
                    Integer.parseUnsignedInt(required(values, "segmentCrc32c", name), 16));
        } catch (IllegalArgumentException e) {
            throw new CorruptIndexException(name + ": malformed checkpoint", e);
        }
    }

    private static Map<String, String> parseLines(String body, String name) throws CorruptIndexException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            int eq = line.indexOf('=');
            if (eq <= 0 || values.put(line.substring(0, eq), line.substring(eq + 1)) != null) {
                throw new CorruptIndexException(name + ": malformed line '" + line + "'");
            }
        }
        return values;
    }

    private static String required(Map<String, String> values, String key, String name)
            throws CorruptIndexException {
        String value = values.get(key);
        if (value == null) {
            throw new CorruptIndexException(name + ": missing " + key);
        }
        return value;
    }

    private static int crc(String body) {
        CRC32C crc = new CRC32C();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    private static String hex(int value) {
        return String.format("%08x", value);
    }
}
