package io.constellation.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexStoreTest {

    private static final ShardLayout LAYOUT = new ShardLayout(1, 3);

    @TempDir
    Path dir;

    private static Segment segmentOf(String... words) {
        return SegmentBuilder.build(LAYOUT, 1, List.of(new Doc(4, words), new Doc(9, new String[] {"common"})));
    }

    private List<String> files() throws IOException {
        try (var stream = Files.list(dir)) {
            return stream.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void checkpointRoundTrips() throws IOException {
        Checkpoint checkpoint = new Checkpoint(1, 3, 1234567890123L, 55, 7, "segment-7.cseg", 4, 0xCAFEBABE);
        Files.write(dir.resolve("segment-7.cseg"), new byte[4]);
        checkpoint.write(dir);
        assertEquals(Optional.of(checkpoint), Checkpoint.load(dir));
    }

    @Test
    void absentCheckpointLoadsAsEmpty() throws IOException {
        assertEquals(Optional.empty(), Checkpoint.load(dir));
        assertEquals(Optional.empty(), new IndexStore(dir, LAYOUT).load());
    }

    @Test
    void editedCheckpointFailsItsChecksum() throws IOException {
        new IndexStore(dir, LAYOUT).save(segmentOf("a"), 100, 5, 2);
        Path file = dir.resolve(Checkpoint.FILE_NAME);
        String text = Files.readString(file).replace("lastTrackId=100", "lastTrackId=900");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertThrows(CorruptIndexException.class, () -> Checkpoint.load(dir));
    }

    @Test
    void checkpointNamingAMissingOrResizedSegmentIsCorrupt() throws IOException {
        Checkpoint saved = new IndexStore(dir, LAYOUT).save(segmentOf("a"), 100, 5, 2);
        Path segment = dir.resolve(saved.segmentFile());
        Files.write(segment, new byte[] {1, 2, 3});
        assertThrows(CorruptIndexException.class, () -> Checkpoint.load(dir));
        Files.delete(segment);
        assertThrows(CorruptIndexException.class, () -> Checkpoint.load(dir));
    }

    @Test
    void storeLoadsWhatItSavedWithItsCatalogPosition() throws IOException {
        IndexStore store = new IndexStore(dir, LAYOUT);
        Segment segment = segmentOf("love", "song");
        Checkpoint saved = store.save(segment, 28, 3, 11);
        IndexStore.StoredIndex loaded = store.load().orElseThrow();
        assertEquals(saved, loaded.checkpoint());
        assertEquals(28, loaded.checkpoint().lastTrackId());
        assertEquals(3, loaded.checkpoint().lastUpdateId());
        assertEquals(11, loaded.checkpoint().generation());
        assertEquals(segment.documents(), loaded.segment().documents());
        assertEquals(1, loaded.segment().cardinality("song"));
    }

    @Test
    void savingAgainDeletesOlderSegmentFilesAndLoadsTheLatest() throws IOException {
        IndexStore store = new IndexStore(dir, LAYOUT);
        store.save(segmentOf("first"), 10, 1, 1);
        store.save(segmentOf("second"), 20, 2, 1);
        Checkpoint latest = store.save(segmentOf("third"), 30, 3, 5);
        assertEquals(List.of(Checkpoint.FILE_NAME, latest.segmentFile()), files());
        IndexStore.StoredIndex loaded = store.load().orElseThrow();
        assertEquals(1, loaded.segment().cardinality("third"));
        assertEquals(0, loaded.segment().cardinality("second"));
    }

    @Test
    void indexSavedForAnotherShardLayoutIsNotUsed() throws IOException {
        new IndexStore(dir, LAYOUT).save(segmentOf("a"), 10, 1, 1);
        assertEquals(Optional.empty(), new IndexStore(dir, new ShardLayout(1, 4)).load());
        assertEquals(Optional.empty(), new IndexStore(dir, new ShardLayout(2, 3)).load());
    }

    @Test
    void corruptSegmentMakesTheStoreReportNothingUsable() throws IOException {
        IndexStore store = new IndexStore(dir, LAYOUT);
        Checkpoint saved = store.save(segmentOf("a"), 10, 1, 1);
        Path segment = dir.resolve(saved.segmentFile());
        byte[] bytes = Files.readAllBytes(segment);
        bytes[bytes.length / 2] ^= 1;
        Files.write(segment, bytes);
        assertEquals(Optional.empty(), store.load());
    }

    @Test
    void segmentReplacedByAnotherValidSegmentOfSameLengthIsRejected() throws IOException {
        IndexStore store = new IndexStore(dir, LAYOUT);
        Checkpoint saved = store.save(segmentOf("aa"), 10, 1, 1);
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Checkpoint otherSaved = new IndexStore(other, LAYOUT).save(segmentOf("bb"), 10, 1, 1);
        assertEquals(saved.segmentLength(), otherSaved.segmentLength());
        Files.copy(other.resolve(otherSaved.segmentFile()), dir.resolve(saved.segmentFile()),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertEquals(Optional.empty(), store.load());
    }

    @Test
    void savingASegmentOfAnotherShardIsRefused() {
        Segment foreign = Segment.empty(new ShardLayout(0, 3));
        assertThrows(IllegalArgumentException.class, () -> new IndexStore(dir, LAYOUT).save(foreign, 1, 1, 1));
    }
}
