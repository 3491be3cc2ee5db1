package io.constellation.satellite.share.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.wire.FileBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SpellingCacheTest {

    private static final long SEED = 0x1234_5678_9abc_def0L;

    @Test
    void aCachedSpellingIsFoundWithItsId() {
        SpellingCache cache = new SpellingCache(100, SEED);
        cache.put("Artist", "Title", "Album", 42);
        assertEquals(42, cache.get("Artist", "Title", "Album"));
    }

    /** The worker caches by Strings, the event loops look up by the bytes that arrived: both must meet. */
    @Test
    void aSpellingCachedFromStringsIsFoundFromItsUtf8Bytes() {
        SpellingCache cache = new SpellingCache(100, SEED);
        String[][] spellings = {{"Artist", "Title", "Album"}, {"Björk", "Jóga", ""}, {"東京事変", "群青日和", "教育"},
            {"a much longer artist name", "🎵 and a title 🎶", "x".repeat(255)}, {"", "", ""}};
        List<SharedFile> files = new ArrayList<>();
        for (int i = 0; i < spellings.length; i++) {
            String[] s = spellings[i];
            cache.put(s[0], s[1], s[2], i);
            files.add(SharedFile.newBuilder().setPath("/p" + i).setArtist(s[0]).setTitle(s[1]).setAlbum(s[2]).build());
        }
        files.add(SharedFile.newBuilder().setArtist("Artist").setTitle("Title").setAlbum("Album ").build());
        int[] ids = new int[files.size()];
        cache.getAll(FileBatch.of(files), ids);
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, SpellingCache.ABSENT}, ids);
    }

    @Test
    void anotherSpellingMisses() {
        SpellingCache cache = new SpellingCache(100, SEED);
        cache.put("Artist", "Title", "Album", 42);
        assertEquals(SpellingCache.ABSENT, cache.get("artist", "Title", "Album"));
        assertEquals(SpellingCache.ABSENT, cache.get("Artist", "Title", ""));
        // The same characters split differently between the fields are another spelling.
        assertEquals(SpellingCache.ABSENT, cache.get("ArtistT", "itle", "Album"));
        assertEquals(SpellingCache.ABSENT, new SpellingCache(100, SEED).get("Artist", "Title", "Album"));
    }

    @Test
    void aSlotMatchOfTheFirstHashAloneIsAMiss() {
        SpellingCache cache = new SpellingCache(100, SEED);
        cache.put(77L, 1, 5);
        assertEquals(5, cache.get(77L, 1));
        assertEquals(SpellingCache.ABSENT, cache.get(77L, 2));
        cache.put(77L, 2, 6); // same 64-bit hash, another check: another entry
        assertEquals(5, cache.get(77L, 1));
        assertEquals(6, cache.get(77L, 2));
    }

    @Test
    void puttingASpellingAgainUpdatesItsId() {
        SpellingCache cache = new SpellingCache(100, SEED);
        cache.put("a", "t", "", 1);
        cache.put("a", "t", "", 2);
        assertEquals(2, cache.get("a", "t", ""));
        assertEquals(1, cache.size());
    }

    @Test
    void theSeedChangesTheHashes() {
        SpellingCache a = new SpellingCache(100, 1);
        SpellingCache b = new SpellingCache(100, 2);
        assertNotEquals(a.hash("x", "y", "z"), b.hash("x", "y", "z"));
        assertNotEquals(a.check("x", "y", "z"), b.check("x", "y", "z"));
    }

    @Test
    void whenTheYoungGenerationFillsTheOldOneIsDroppedWhole() {
        // 4 entries: two generations of 2.
        SpellingCache cache = new SpellingCache(4, SEED);
        cache.put("a", "1", "", 1);
        cache.put("a", "2", "", 2); // young full: {1, 2}
        cache.put("a", "3", "", 3); // {1, 2} old, {3} young
        assertEquals(1, cache.get("a", "1", ""));
        assertEquals(2, cache.get("a", "2", ""));
        cache.put("a", "4", "", 4); // young {3, 4}
        assertEquals(4, cache.size());
        cache.put("a", "5", "", 5); // {3, 4} old, {5} young; {1, 2} dropped
        assertEquals(SpellingCache.ABSENT, cache.get("a", "1", ""));
        assertEquals(SpellingCache.ABSENT, cache.get("a", "2", ""));
        assertEquals(3, cache.get("a", "3", ""));
        assertEquals(4, cache.get("a", "4", ""));
        assertEquals(5, cache.get("a", "5", ""));
        assertEquals(3, cache.size());
    }

    @Test
    void aSpellingTheWorkerMeetsInTheOldGenerationSurvivesTheNextDrop() {
        SpellingCache cache = new SpellingCache(4, SEED);
        cache.put("a", "1", "", 1);
        cache.put("a", "2", "", 2);
        cache.put("a", "3", "", 3); // {1, 2} old
        assertEquals(1, cache.getAndKeep(cache.hash("a", "1", ""), cache.check("a", "1", ""))); // young {3, 1}
        cache.put("a", "4", "", 4); // {3, 1} old, {4} young; {1, 2} dropped
        assertEquals(1, cache.get("a", "1", ""));
        assertEquals(SpellingCache.ABSENT, cache.get("a", "2", ""));
    }

    @Test
    void updatingAnEntryOfAFullYoungGenerationDropsNothing() {
        SpellingCache cache = new SpellingCache(4, SEED);
        cache.put("a", "1", "", 1);
        cache.put("a", "2", "", 2);
        cache.put("a", "3", "", 3);
        cache.put("a", "4", "", 4); // young {3, 4} full, old {1, 2}
        cache.put("a", "4", "", 40);
        assertEquals(1, cache.get("a", "1", ""));
        assertEquals(40, cache.get("a", "4", ""));
    }

    @Test
    void aGrowingTableKeepsEverySpellingItHeld() {
        SpellingCache cache = new SpellingCache(1_000_000, SEED);
        for (int i = 0; i < 100_000; i++) { // the table doubles seven times on the way
            cache.put("artist " + i, "title", "", i);
        }
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, cache.get("artist " + i, "title", ""));
        }
        assertEquals(100_000, cache.size());
    }

    @Test
    void sizesOutsideTheBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SpellingCache(1, SEED));
        assertThrows(IllegalArgumentException.class, () -> new SpellingCache((1L << 29) + 1, SEED));
    }

    /**
     * One writer fills and flips generations while readers look up: a reader never sees a
     * wrong id (each spelling's id is a function of it), only the right one or a miss, and
     * spellings of the current young generation are always found.
     */
    @Test
    void readersDuringWritesSeeTheRightIdOrAMissNeverAnotherId() throws Exception {
        readersSeeTheRightIdOrAMiss(2_000, 20_000);
    }

    /** The same while the young table grows (copies) rather than flips. */
    @Test
    void readersDuringGrowthSeeTheRightIdOrAMissNeverAnotherId() throws Exception {
        readersSeeTheRightIdOrAMiss(200_000, 60_000);
    }

    private static void readersSeeTheRightIdOrAMiss(int maxEntries, int spellings) throws Exception {
        SpellingCache cache = new SpellingCache(maxEntries, SEED);

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> wrong = new AtomicReference<>();
        AtomicLong hits = new AtomicLong();
        CountDownLatch started = new CountDownLatch(2);
        Runnable reader = () -> {
            started.countDown();
            long n = 0;
            for (int round = 0; !done.get() || round == 0; round++) {
                for (int i = 0; i < spellings; i++) {
                    int id = cache.get("artist " + i, "title", "");
                    if (id != SpellingCache.ABSENT) {
                        n++;
                        if (id != i) {
                            wrong.compareAndSet(null, "spelling " + i + " read as " + id);
                        }
                    }
                }
            }
            hits.addAndGet(n);
        };
        Thread r1 = new Thread(reader);
        Thread r2 = new Thread(reader);
        r1.start();
        r2.start();
        started.await();
        for (int pass = 0; pass < 5; pass++) {
            for (int i = 0; i < spellings; i++) {
                cache.put("artist " + i, "title", "", i);
                assertEquals(i, cache.get("artist " + i, "title", ""));
            }
        }
        done.set(true);
        r1.join();
        r2.join();
        assertEquals(null, wrong.get());
        assertTrue(hits.get() > 0, "the readers found something");
        assertTrue(cache.size() <= maxEntries);
    }
}
