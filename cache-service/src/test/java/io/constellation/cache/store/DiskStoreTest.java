package io.constellation.cache.store;

import io.constellation.cache.store.ReadOutcome.Corruption;
import io.constellation.common.search.QueryKey;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DiskStoreTest {

    @TempDir
    Path root;

    @Test
    void fileLivesUnderTwoLevelsNamedByTheFirstFourHexDigits() {
        DiskStore store = new DiskStore(root);
        QueryKey key = TestRows.key("B a");
        String hex = key.hex();
        assertEquals("c8687a08aa5d6ed2", hex);
        assertEquals(root.resolve("c8").resolve("68").resolve("c8687a08aa5d6ed2.res"), store.pathOf(key));
    }

    @Test
    void writtenEntryIsReadBack() {
        DiskStore store = new DiskStore(root);
        CacheEntry entry = TestRows.entry("daft punk", TestRows.sample(2000, 1));
        WriteOutcome.Written written = assertInstanceOf(WriteOutcome.Written.class, store.write(entry));
        assertEquals(store.pathOf(entry.key()), written.file());
        ReadOutcome.Hit hit = assertInstanceOf(ReadOutcome.Hit.class, store.read(entry.key()));
        assertEquals(entry, hit.entry());
        assertEquals(written.bytes(), hit.fileBytes());
    }

    @Test
    void missingFileIsAbsent() {
        assertInstanceOf(ReadOutcome.Absent.class, new DiskStore(root).read(TestRows.key("nothing here")));
    }

    @Test
    void truncatedFileOnDiskIsCorruptAndARewriteReplacesIt() throws IOException {
        DiskStore store = new DiskStore(root);
        CacheEntry entry = TestRows.entry("daft punk", TestRows.sample(500, 2));
        store.write(entry);
        Path file = store.pathOf(entry.key());
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 10);
        }
        ReadOutcome.Corrupt corrupt = assertInstanceOf(ReadOutcome.Corrupt.class, store.read(entry.key()));
        assertEquals(Corruption.TRUNCATED, corrupt.kind());
        assertEquals(file, corrupt.file());

        store.write(entry);
        assertEquals(entry, assertInstanceOf(ReadOutcome.Hit.class, store.read(entry.key())).entry());
    }

    @Test
    void emptyFileLeftByACrashIsCorrupt() throws IOException {
        DiskStore store = new DiskStore(root);
        QueryKey key = TestRows.key("crash");
        Files.createDirectories(store.pathOf(key).getParent());
        Files.createFile(store.pathOf(key));
        assertEquals(Corruption.TRUNCATED, assertInstanceOf(ReadOutcome.Corrupt.class, store.read(key)).kind());
    }

    @Test
    void unreadableFileIsAFailureNotAnException() throws IOException {
        DiskStore store = new DiskStore(root);
        QueryKey key = TestRows.key("dir");
        Files.createDirectories(store.pathOf(key));
        assertInstanceOf(ReadOutcome.Failed.class, store.read(key));
    }

    @Test
    void fullDiskIsReportedAndTheEarlierFileStaysIntact() throws IOException {
        CacheEntry old = TestRows.entry("radiohead", TestRows.sample(100, 3));
        new DiskStore(root).write(old);
        DiskStore full = new DiskStore(root, (file, bytes, length) -> {
            Files.write(file, new byte[] {1, 2, 3});
            throw new FileSystemException(file.toString(), null, "No space left on device");
        });
        CacheEntry fresh = TestRows.entry("radiohead", TestRows.sample(200, 4));

        WriteOutcome.Failed failed = assertInstanceOf(WriteOutcome.Failed.class, full.write(fresh));
        assertTrue(failed.diskFull());
        assertEquals(old, assertInstanceOf(ReadOutcome.Hit.class, full.read(old.key())).entry());
        try (Stream<Path> files = Files.list(full.pathOf(old.key()).getParent())) {
            assertEquals(1, files.count(), "the temporary file is removed");
        }
    }

    @Test
    void otherWriteFailuresAreReportedAsNotDiskFull() {
        DiskStore broken = new DiskStore(root, (file, bytes, length) -> {
            throw new IOException("Input/output error");
        });
        WriteOutcome.Failed failed = assertInstanceOf(WriteOutcome.Failed.class,
                broken.write(TestRows.entry("x", ResultSet.empty())));
        assertFalse(failed.diskFull());
        assertEquals("Input/output error", failed.cause().getMessage());
    }

    @Test
    void rootThatCannotHoldFoldersIsAFailedWrite() throws IOException {
        Path notADirectory = Files.createFile(root.resolve("plain-file"));
        WriteOutcome outcome = new DiskStore(notADirectory).write(TestRows.entry("x", ResultSet.empty()));
        assertInstanceOf(WriteOutcome.Failed.class, outcome);
    }

    @Test
    void diskFullIsRecognisedByTheErrnoTextAnywhereInTheCauses() {
        assertTrue(DiskStore.isDiskFull(new IOException("write failed", new IOException("No space left on device"))));
        assertTrue(DiskStore.isDiskFull(new FileSystemException("/x", null, "Disk quota exceeded")));
        assertFalse(DiskStore.isDiskFull(new IOException("Permission denied")));
        assertFalse(DiskStore.isDiskFull(new IOException((String) null)));
    }

    @Test
    void concurrentWritersOfOneQueryLeaveOneCompleteFile() throws Exception {
        DiskStore store = new DiskStore(root);
        QueryKey key = TestRows.key("concurrent");
        List<CacheEntry> versions = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            versions.add(new CacheEntry(key, i, i, false, TestRows.sample(3000 + i, i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<WriteOutcome>> writes = new ArrayList<>();
            for (CacheEntry version : versions) {
                writes.add(pool.submit(() -> {
                    start.await();
                    return store.write(version);
                }));
            }
            start.countDown();
            for (Future<WriteOutcome> w : writes) {
                assertInstanceOf(WriteOutcome.Written.class, w.get());
            }
        } finally {
            pool.shutdownNow();
        }
        CacheEntry read = assertInstanceOf(ReadOutcome.Hit.class, store.read(key)).entry();
        assertTrue(versions.contains(read), "one of the versions written, whole");
        try (Stream<Path> files = Files.list(store.pathOf(key).getParent())) {
            assertEquals(1, files.count(), "no temporary file is left");
        }
    }

    @Test
    void scanCountsResultFilesAndRemovesLeftoverTemporaryFiles() throws IOException {
        DiskStore store = new DiskStore(root);
        long bytes = 0;
        for (int i = 0; i < 5; i++) {
            bytes += ((WriteOutcome.Written) store.write(TestRows.entry("q" + i, TestRows.sample(10 * i, i)))).bytes();
        }
        Path leftover = store.pathOf(TestRows.key("q1")).resolveSibling("deadbeef.res.123.tmp");
        Files.write(leftover, new byte[] {1});

        DiskStore.Usage usage = store.scan();
        assertEquals(new DiskStore.Usage(5, bytes, 1), usage);
        assertFalse(Files.exists(leftover));
    }

    @Test
    void scanOfAMissingRootIsEmpty() throws IOException {
        assertEquals(new DiskStore.Usage(0, 0, 0), new DiskStore(root.resolve("absent")).scan());
    }

    @Test
    void deleteRemovesTheFile() throws IOException {
        DiskStore store = new DiskStore(root);
        CacheEntry entry = TestRows.entry("gone", ResultSet.empty());
        store.write(entry);
        assertTrue(store.delete(entry.key()));
        assertFalse(store.delete(entry.key()));
        assertInstanceOf(ReadOutcome.Absent.class, store.read(entry.key()));
    }

    @Test
    void rootIsMadeAbsolute() {
        DiskStore store = new DiskStore(Path.of("relative"));
        assertTrue(store.root().isAbsolute());
        assertSame(store.root(), store.root());
    }

    @Test
    void evictionDeletesTheLeastRecentlyUsedFilesDownToTheTargetAndAReadCountsAsAUse() throws IOException {
        DiskStore store = new DiskStore(root);
        List<CacheEntry> entries = new ArrayList<>();
        long[] sizes = new long[4];
        long total = 0;
        for (int i = 0; i < 4; i++) {
            CacheEntry e = TestRows.entry("query " + i, TestRows.sample(300, i));
            entries.add(e);
            sizes[i] = assertInstanceOf(WriteOutcome.Written.class, store.write(e)).bytes();
            total += sizes[i];
            // Written long ago, oldest first: 0, 1, 2, 3.
            Files.setLastModifiedTime(store.pathOf(e.key()), FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        assertInstanceOf(ReadOutcome.Hit.class, store.read(entries.get(0).key())); // 0 is now the newest

        DiskStore.Sweep sweep = store.evict(total - 1, sizes[0] + sizes[3]);

        assertEquals(2, sweep.evicted());
        assertEquals(sizes[1] + sizes[2], sweep.evictedBytes());
        assertEquals(2, sweep.files());
        assertEquals(sizes[0] + sizes[3], sweep.bytes());
        assertInstanceOf(ReadOutcome.Hit.class, store.read(entries.get(0).key()));
        assertInstanceOf(ReadOutcome.Absent.class, store.read(entries.get(1).key()));
        assertInstanceOf(ReadOutcome.Absent.class, store.read(entries.get(2).key()));
        assertInstanceOf(ReadOutcome.Hit.class, store.read(entries.get(3).key()));
    }

    @Test
    void evictionWithinTheBudgetOnlyCounts() throws IOException {
        DiskStore store = new DiskStore(root);
        long bytes = assertInstanceOf(WriteOutcome.Written.class,
                store.write(TestRows.entry("kept", TestRows.sample(50, 9)))).bytes();
        assertEquals(new DiskStore.Sweep(1, bytes, 0, 0), store.evict(bytes, 0));
        assertEquals(new DiskStore.Sweep(0, 0, 0, 0), new DiskStore(root.resolve("none")).evict(1, 0));
    }
}
