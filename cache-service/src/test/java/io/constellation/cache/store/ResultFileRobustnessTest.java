package io.constellation.cache.store;

import io.constellation.cache.store.ReadOutcome.Corruption;
import io.constellation.cache.store.internal.ByteSink;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Bodies that pass the checksum but were not written by the encoder (a bug, or a file made
 * on purpose): decoding must end in a typed outcome, never an exception, and whatever it
 * accepts must be safe to read.
 */
class ResultFileRobustnessTest {

    private static final CacheEntry HEADER = TestRows.entry("robust", ResultSet.empty());

    @Test
    void randomBodiesAreMalformedOrSafeNeverAnException() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 3000; round++) {
            ByteSink body = new ByteSink(64);
            int length = random.nextInt(120);
            for (int i = 0; i < length; i++) {
                // Mostly small bytes, so that varints and references are often in range.
                body.putByte(random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(8));
            }
            checkSafe(decode(body, random.nextInt(30)), "round " + round);
        }
    }

    @Test
    void mutatedRealBodiesAreMalformedOrSafeNeverAnException() {
        ResultSet rows = TestRows.sample(30, 12);
        ByteSink valid = ResultFile.encodeBody(rows);
        SplittableRandom random = new SplittableRandom(13);
        for (int round = 0; round < 3000; round++) {
            byte[] bytes = Arrays.copyOf(valid.array(), valid.size());
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            ByteSink body = new ByteSink(bytes.length).putBytes(bytes, 0, bytes.length);
            checkSafe(decode(body, random.nextInt(8) == 0 ? 29 + random.nextInt(3) : 30), "round " + round);
        }
    }

    @Test
    void headerClaimingAHugeBodyIsRejectedBeforeAllocating() {
        byte[] image = image(ResultFile.encodeBody(TestRows.sample(5, 1)), 5);
        // rawLength at offset 40: claim 1 GiB for a body of a few dozen bytes.
        image[40] = 0;
        image[41] = 0;
        image[42] = 0;
        image[43] = 0x40;
        resealChecksum(image);
        ReadOutcome.Corrupt corrupt = assertInstanceOf(ReadOutcome.Corrupt.class,
                ResultFile.decode(image, Path.of("x"), HEADER.key()));
        assertEquals(Corruption.MALFORMED, corrupt.kind());
    }

    private static ReadOutcome decode(ByteSink body, int count) {
        return ResultFile.decode(image(body, count), Path.of("x"), HEADER.key());
    }

    private static byte[] image(ByteSink body, int count) {
        ByteSink image = ResultFile.assemble(HEADER, count, body, ResultFile.COMPRESSION_LEVEL);
        return Arrays.copyOf(image.array(), image.size());
    }

    /** A hit must be readable row by row; anything else must be a malformed file. */
    private static void checkSafe(ReadOutcome outcome, String where) {
        if (outcome instanceof ReadOutcome.Hit hit) {
            ResultSet rows = hit.entry().results();
            for (int i = 0; i < rows.size(); i++) {
                rows.trackId(i);
                rows.historicalAvailability(i);
                rows.artist(i);
                rows.title(i);
                rows.album(i);
            }
            return;
        }
        assertEquals(Corruption.MALFORMED, assertInstanceOf(ReadOutcome.Corrupt.class, outcome, where).kind(), where);
    }

    private static void resealChecksum(byte[] image) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(image, 0, image.length - 4);
        int v = (int) crc.getValue();
        for (int i = 0; i < 4; i++) {
            image[image.length - 4 + i] = (byte) (v >>> (8 * i));
        }
    }
}
