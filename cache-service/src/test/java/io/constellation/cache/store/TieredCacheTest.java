package io.constellation.cache.store;

import io.constellation.common.search.QueryKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TieredCacheTest {

    private static final FreshnessPolicy POLICY = new FreshnessPolicy(Duration.ofHours(1), Duration.ofMinutes(1));
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path root;
    private MemoryTier memory;
    private DiskStore disk;
    private TieredCache cache;

    @BeforeEach
    void setUp() {
        memory = new MemoryTier(10_000_000);
        disk = new DiskStore(root);
        cache = new TieredCache(memory, disk, POLICY);
    }

    @Test
    void storedEntryIsInMemoryAndOnDisk() {
        CacheEntry entry = entry("muse", NOW, 5);
        assertInstanceOf(WriteOutcome.Written.class, cache.store(entry));
        assertSame(entry, cache.fromMemory(entry.key(), NOW, 5));
        assertEquals(entry, assertInstanceOf(ReadOutcome.Hit.class, disk.read(entry.key())).entry());
    }

    @Test
    void diskHitIsPromotedToMemory() {
        CacheEntry entry = entry("muse", NOW, 5);
        disk.write(entry);
        assertNull(cache.fromMemory(entry.key(), NOW, 5));
        TieredCache.DiskLookup.Found found = assertInstanceOf(TieredCache.DiskLookup.Found.class,
                cache.fromDisk(entry.key(), NOW, 5));
        assertEquals(entry, found.entry());
        assertEquals(entry, cache.fromMemory(entry.key(), NOW, 5));
    }

    @Test
    void staleEntryIsNeverServedFromEitherTier() {
        CacheEntry entry = entry("muse", NOW, 5);
        cache.store(entry);
        long later = NOW + Duration.ofMinutes(2).toMillis();
        assertNull(cache.fromMemory(entry.key(), later, 6), "a newer index ends the entry's grace");
        assertNull(memory.get(entry.key()), "the stale entry is dropped from memory");
        assertEquals(TieredCache.MissCause.STALE, miss(entry.key(), later, 6).cause());
        assertNull(memory.get(entry.key()), "a stale disk entry is not promoted");
        assertInstanceOf(TieredCache.DiskLookup.Found.class, cache.fromDisk(entry.key(), later, 5));
    }

    @Test
    void missCausesAreReported() throws IOException {
        QueryKey absent = TestRows.key("absent");
        assertEquals(TieredCache.MissCause.ABSENT, miss(absent, NOW, 0).cause());

        CacheEntry entry = entry("damaged", NOW, 0);
        disk.write(entry);
        Path file = disk.pathOf(entry.key());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        TieredCache.DiskLookup.Miss corrupt = miss(entry.key(), NOW, 0);
        assertEquals(TieredCache.MissCause.CORRUPT, corrupt.cause());
        assertEquals(file, ((ReadOutcome.Corrupt) corrupt.outcome()).file());

        QueryKey dir = TestRows.key("a directory");
        Files.createDirectories(disk.pathOf(dir));
        assertEquals(TieredCache.MissCause.READ_FAILED, miss(dir, NOW, 0).cause());
    }

    @Test
    void fullDiskStillLeavesTheEntryInMemory() {
        DiskStore full = new DiskStore(root, (file, bytes, length) -> {
            throw new FileSystemException(file.toString(), null, "No space left on device");
        });
        TieredCache onFullDisk = new TieredCache(memory, full, POLICY);
        CacheEntry entry = entry("muse", NOW, 5);
        WriteOutcome.Failed failed = assertInstanceOf(WriteOutcome.Failed.class, onFullDisk.store(entry));
        assertTrue(failed.diskFull());
        assertSame(entry, onFullDisk.fromMemory(entry.key(), NOW, 5));
    }

    private TieredCache.DiskLookup.Miss miss(QueryKey key, long now, long generation) {
        return assertInstanceOf(TieredCache.DiskLookup.Miss.class, cache.fromDisk(key, now, generation));
    }

    private static CacheEntry entry(String query, long createdAt, long generation) {
        return new CacheEntry(TestRows.key(query), generation, createdAt, false, TestRows.sample(200, query.length()));
    }
}
