package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.index.CorruptIndexException;
import io.constellation.index.Doc;
import io.constellation.index.Segment;
import io.constellation.index.SegmentBuilder;
import io.constellation.index.ShardLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentFileTest {

    private static final ShardLayout LAYOUT = new ShardLayout(1, 4);
    private static Segment segment;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        Random random = new Random(3);
        List<Doc> docs = new ArrayList<>();
        for (int ord = 0; ord < 100_000; ord += 1 + random.nextInt(2)) {
            int words = random.nextInt(5);
            String[] w = new String[words];
            for (int i = 0; i < words; i++) {
                w[i] = "w" + (int) Math.pow(random.nextInt(40), 2) + (i == 0 ? "" : "é" + i);
            }
            docs.add(new Doc(ord, Arrays.stream(w).distinct().sorted().toArray(String[]::new)));
        }
        docs.add(new Doc(200_000, new String[] {"日"}));
        segment = SegmentBuilder.build(LAYOUT, 2, docs);
    }

    private Path written() throws IOException {
        Path file = dir.resolve("s.cseg");
        SegmentFile.write(segment, file);
        return file;
    }

    @Test
    void roundTripPreservesEveryPostingListAndTheChecksum() throws IOException {
        Path file = dir.resolve("s.cseg");
        SegmentFile.Info info = SegmentFile.write(segment, file);
        SegmentFile.Loaded loaded = SegmentFile.read(file);
        assertEquals(info, loaded.info());
        assertEquals(Files.size(file), info.length());
        Segment read = loaded.segment();
        assertEquals(segment.layout(), read.layout());
        assertEquals(segment.wordCount(), read.wordCount());
        assertEquals(segment.documents(), read.documents());
        for (int i = 0; i < segment.wordCount(); i++) {
            assertEquals(segment.word(i), read.word(i));
            assertEquals(segment.postings(i), read.postings(i));
            assertEquals(segment.cardinality(segment.word(i)), read.cardinality(read.word(i)));
        }
        assertEquals(1, read.cardinality("日"));
    }

    @Test
    void emptySegmentRoundTrips() throws IOException {
        Path file = dir.resolve("empty.cseg");
        SegmentFile.write(Segment.empty(LAYOUT), file);
        Segment read = SegmentFile.read(file).segment();
        assertEquals(0, read.wordCount());
        assertEquals(0, read.documentCount());
    }

    @Test
    void writeLeavesNoTemporaryFile() throws IOException {
        written();
        try (var files = Files.list(dir)) {
            assertEquals(List.of("s.cseg"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void anyFlippedByteIsDetected() throws IOException {
        Path file = written();
        byte[] good = Files.readAllBytes(file);
        Random random = new Random(5);
        int[] positions = new int[40];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = random.nextInt(good.length);
        }
        positions[0] = 8;
        positions[1] = SegmentFile.HEADER_BYTES + 3;
        positions[2] = good.length - 1;
        positions[3] = good.length - 10;
        for (int position : positions) {
            byte[] bad = good.clone();
            bad[position] ^= 0x10;
            Files.write(file, bad);
            assertThrows(CorruptIndexException.class, () -> SegmentFile.read(file), "flip at " + position);
        }
    }

    @Test
    void truncatedFileIsRejected() throws IOException {
        Path file = written();
        byte[] good = Files.readAllBytes(file);
        for (int length : new int[] {0, 3, 20, SegmentFile.HEADER_BYTES + 5, good.length / 2, good.length - 1}) {
            Files.write(file, Arrays.copyOf(good, length));
            assertThrows(CorruptIndexException.class, () -> SegmentFile.read(file), "length " + length);
        }
    }

    @Test
    void fileWithAppendedBytesIsRejected() throws IOException {
        Path file = written();
        byte[] good = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(good, good.length + 16));
        assertThrows(CorruptIndexException.class, () -> SegmentFile.read(file));
    }

    @Test
    void wrongMagicIsRejectedAsNotASegment() throws IOException {
        Path file = written();
        byte[] bad = Files.readAllBytes(file);
        bad[0] = 'X';
        Files.write(file, bad);
        CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> SegmentFile.read(file));
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void unknownVersionIsRejected() throws IOException {
        Path file = written();
        byte[] bad = Files.readAllBytes(file);
        bad[4] = 9;
        Files.write(file, bad);
        CorruptIndexException e = assertThrows(CorruptIndexException.class, () -> SegmentFile.read(file));
        assertTrue(e.getMessage().contains("version"), e.getMessage());
    }
}
