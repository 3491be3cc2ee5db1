package io.constellation.cache.store;

import io.constellation.cache.store.ReadOutcome.Corruption;
import io.constellation.cache.store.internal.ByteSink;
import io.constellation.common.search.QueryKey;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultFileTest {

    private static final Path FILE = Path.of("test.res");

    @Test
    void roundTripsRowsAndHeader() {
        ResultSet rows = TestRows.sample(3000, 1);
        CacheEntry entry = new CacheEntry(TestRows.key("Daft Punk"), 42, 1_700_000_123_456L, true, rows);
        CacheEntry read = hit(image(entry), entry.key());
        assertEquals(entry, read);
        assertEquals(42, read.indexGeneration());
        assertEquals(1_700_000_123_456L, read.createdAtMillis());
        assertTrue(read.capped());
    }

    @Test
    void roundTripsTheEmptySet() {
        CacheEntry entry = TestRows.entry("zzqx", ResultSet.empty());
        assertEquals(entry, hit(image(entry), entry.key()));
    }

    @Test
    void roundTripsExtremeValues() {
        ResultSet rows = ResultSet.builder(6)
                .add(Long.MAX_VALUE, Double.MAX_VALUE, "", "", "")
                .add(Long.MIN_VALUE, Double.POSITIVE_INFINITY, "a", "", "")
                .add(0, -0.0, "", "a", "")
                .add(1, Double.MIN_VALUE, "🎵", "🎵", "🎵")
                .add(-5, -1.5, "x".repeat(255), "y", "x".repeat(255))
                .build();
        CacheEntry entry = TestRows.entry("extremes", rows);
        assertEquals(entry, hit(image(entry), entry.key()));
    }

    @Test
    void everyTruncationIsDetected() {
        CacheEntry entry = TestRows.entry("a b", TestRows.sample(50, 2));
        byte[] image = image(entry);
        for (int length = 0; length < image.length; length++) {
            ReadOutcome outcome = ResultFile.decode(Arrays.copyOf(image, length), FILE, entry.key());
            ReadOutcome.Corrupt corrupt = assertInstanceOf(ReadOutcome.Corrupt.class, outcome, "length " + length);
            if (length >= 4) {
                assertEquals(Corruption.TRUNCATED, corrupt.kind(), "length " + length);
            }
        }
    }

    @Test
    void everySingleBitFlipIsDetected() {
        CacheEntry entry = TestRows.entry("a b", TestRows.sample(40, 3));
        byte[] image = image(entry);
        for (int i = 0; i < image.length; i++) {
            for (int bit = 0; bit < 8; bit += 3) {
                byte[] damaged = image.clone();
                damaged[i] ^= (byte) (1 << bit);
                ReadOutcome outcome = ResultFile.decode(damaged, FILE, entry.key());
                assertInstanceOf(ReadOutcome.Corrupt.class, outcome, "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void extraBytesAtTheEndAreMalformed() {
        CacheEntry entry = TestRows.entry("a", TestRows.sample(10, 4));
        byte[] image = image(entry);
        assertEquals(Corruption.MALFORMED, corrupt(Arrays.copyOf(image, image.length + 1), entry.key()).kind());
    }

    @Test
    void wrongMagicIsNotAResultFile() {
        byte[] text = "hello, this is not a result file at all, not at all, no".getBytes();
        assertEquals(Corruption.NOT_A_RESULT_FILE, corrupt(text, TestRows.key("a")).kind());
    }

    @Test
    void otherVersionIsReportedAsSuch() {
        CacheEntry entry = TestRows.entry("a", TestRows.sample(10, 5));
        byte[] image = image(entry);
        image[4] = 2;
        resealChecksum(image);
        assertEquals(Corruption.UNSUPPORTED_VERSION, corrupt(image, entry.key()).kind());
    }

    @Test
    void fileOfAnotherHashIsMisplaced() {
        CacheEntry entry = TestRows.entry("a", TestRows.sample(10, 6));
        assertEquals(Corruption.MISPLACED, corrupt(image(entry), TestRows.key("b")).kind());
    }

    @Test
    void sameHashOtherQueryIsACollisionNotAHit() {
        CacheEntry entry = TestRows.entry("beatles", TestRows.sample(10, 7));
        QueryKey other = TestRows.key("stones");
        byte[] image = image(entry);
        // Forge a collision: the other key's hash with this key's query text.
        long hash = other.hash();
        for (int i = 0; i < 8; i++) {
            image[8 + i] = (byte) (hash >>> (8 * i));
        }
        resealChecksum(image);
        ReadOutcome outcome = ResultFile.decode(image, FILE, other);
        assertEquals("beatles", assertInstanceOf(ReadOutcome.Collision.class, outcome).storedQuery());
    }

    @Test
    void intactChecksumOverContradictoryContentIsMalformed() {
        CacheEntry entry = TestRows.entry("a", TestRows.sample(10, 8));
        byte[] image = image(entry);
        image[32] = 11; // count: 11 rows where 10 were written
        resealChecksum(image);
        assertEquals(Corruption.MALFORMED, corrupt(image, entry.key()).kind());
    }

    @Test
    void headerIsTheDocumentedLayout() {
        CacheEntry entry = new CacheEntry(TestRows.key("x y"), 0x0102030405060708L, 99, false, TestRows.sample(5, 9));
        byte[] image = image(entry);
        assertEquals('C', image[0]);
        assertEquals('R', image[1]);
        assertEquals('E', image[2]);
        assertEquals('S', image[3]);
        assertEquals(1, image[4]);
        assertEquals(0x08, image[16]);
        assertEquals(0x01, image[23]);
        assertEquals(99, image[24]);
        assertEquals(5, image[32]);
        assertEquals("x y", new String(image, ResultFile.HEADER_BYTES, 3));
    }

    @Test
    void repeatedArtistsAndZeroRunsCompress() {
        ResultSet.Builder b = ResultSet.builder(10_000);
        for (int i = 0; i < 10_000; i++) {
            b.add(1000 + 3L * i, 0, "The Beatles", "Song number " + i, "Abbey Road");
        }
        byte[] image = image(TestRows.entry("beatles", b.buildRanked()));
        // Raw: 8 + 8 bytes of numbers and ~16 of title a row; stored: well under a third.
        assertTrue(image.length < 10_000 * 8, "image of " + image.length + " bytes");
    }

    private static byte[] image(CacheEntry entry) {
        ByteSink sink = ResultFile.encode(entry);
        return Arrays.copyOf(sink.array(), sink.size());
    }

    private static CacheEntry hit(byte[] image, QueryKey key) {
        ReadOutcome outcome = ResultFile.decode(image, FILE, key);
        return assertInstanceOf(ReadOutcome.Hit.class, outcome, outcome.toString()).entry();
    }

    private static ReadOutcome.Corrupt corrupt(byte[] image, QueryKey key) {
        return assertInstanceOf(ReadOutcome.Corrupt.class, ResultFile.decode(image, FILE, key));
    }

    private static void resealChecksum(byte[] image) {
        CRC32C crc = new CRC32C();
        crc.update(image, 0, image.length - 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            image[image.length - 4 + i] = (byte) (v >>> (8 * i));
        }
    }
}
