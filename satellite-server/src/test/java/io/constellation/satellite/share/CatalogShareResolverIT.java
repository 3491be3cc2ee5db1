package io.constellation.satellite.share;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackKeys;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.proto.satellite.v1.SharedFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Share resolution against the real catalog, on H2 and MariaDB. */
class CatalogShareResolverIT {

    private static final Logger log = LoggerFactory.getLogger(CatalogShareResolverIT.class);

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @CatalogTest
    void filesResolveInOrderToExistingAndNewlyCreatedTracks(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(List.of(new Track(0, "Beyoncé", "Halo", "I Am... Sasha Fierce")));
        long halo = store.tracksAfter(0, 0, 1, 1).get(0).id();
        CatalogShareResolver resolver = resolver(store, ResolverConfig.defaults());
        int[] ids = resolver.resolve(List.of(
                file("BEYONCE", "halo", "i am sasha fierce"),
                file("New Artist", "New Song", ""),
                file("new artist", "NEW SONG!", ""),
                file("Other", "Song", "Album"))).get(30, TimeUnit.SECONDS);
        assertEquals(halo, ids[0], "another spelling of a catalog track is that track");
        assertTrue(ids[1] > halo && ids[3] > halo, "new tracks were created");
        assertEquals(ids[1], ids[2], "two spellings of one new song are one new track");
        assertEquals(3, store.countTracks());
        assertArrayEquals(new long[] {ids[1], ids[3]}, store.idsByNormKeys(List.of(
                TrackKeys.normKey("New Artist", "New Song", ""), TrackKeys.normKey("Other", "Song", "Album"))));
        assertEquals(2, resolver.stats().tracksCreated());
    }

    @CatalogTest
    void filesWithoutUsableArtistOrTitleAreNoTrackAndCreateNothing(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        CatalogShareResolver resolver = resolver(store, ResolverConfig.defaults());
        int[] ids = resolver.resolve(List.of(
                file("", "Title", ""),
                file("Artist", "  ", ""),
                file("!!!", "Title", ""),
                file("Artist", "x".repeat(256), ""),
                file("Artist", "Title", "a".repeat(256)),
                file("Artist", "Title", ""))).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < 5; i++) {
            assertEquals(ShareResolver.NO_TRACK, ids[i], "file " + i);
        }
        assertTrue(ids[5] > 0);
        assertEquals(1, store.countTracks());
        assertEquals(5, resolver.stats().noTrack());
    }

    @CatalogTest
    void repeatedFilesAreAnsweredFromTheCacheWithoutTheCatalog(TestCatalog db) throws Exception {
        CatalogShareResolver resolver = resolver(new TrackStore(db.catalog()), ResolverConfig.defaults());
        List<SharedFile> files = List.of(file("A", "One", ""), file("B", "Two", ""), file("", "none", ""));
        int[] first = resolver.resolve(files).get(30, TimeUnit.SECONDS);
        long statements = resolver.stats().catalogStatements();
        CompletableFuture<int[]> again = resolver.resolve(files);
        assertTrue(again.isDone(), "all cached: answered before resolve returns");
        assertArrayEquals(first, again.get());
        assertEquals(statements, resolver.stats().catalogStatements());
        assertEquals(2, resolver.stats().cacheHits());
    }

    /**
     * 10,000 share lists of 300 files each, drawn with skewed popularity from 20,000
     * songs (half already in the catalog), resolved concurrently from several threads:
     * the catalog must see statements in proportion to the distinct new songs, not to
     * the callers.
     */
    @CatalogTest
    void tenThousandConcurrentShareListsMakeAFewDozenCatalogStatements(TestCatalog db) throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        int songs = 20_000;
        List<Track> known = new ArrayList<>();
        for (int i = 0; i < songs; i += 2) {
            known.add(song(i));
        }
        store.insertTracks(known);
        CatalogShareResolver resolver = resolver(store, ResolverConfig.defaults());
        int callers = 10_000;
        int filesEach = 300;
        List<List<SharedFile>> lists = new ArrayList<>(callers);
        SplittableRandom r = new SplittableRandom(3);
        for (int c = 0; c < callers; c++) {
            List<SharedFile> files = new ArrayList<>(filesEach);
            for (int f = 0; f < filesEach; f++) {
                // Skewed: the square of a uniform draw favours low song numbers.
                double u = r.nextDouble();
                Track t = song((int) (u * u * songs));
                files.add(file(t.artist(), t.title(), t.album()));
            }
            lists.add(files);
        }
        ExecutorService loops = Executors.newFixedThreadPool(4);
        long started = System.nanoTime();
        List<Future<List<CompletableFuture<int[]>>>> submitted = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int from = t * callers / 4;
            int to = (t + 1) * callers / 4;
            submitted.add(loops.submit(() -> {
                List<CompletableFuture<int[]>> mine = new ArrayList<>();
                for (int c = from; c < to; c++) {
                    mine.add(resolver.resolve(lists.get(c)));
                }
                return mine;
            }));
        }
        List<CompletableFuture<int[]>> futures = new ArrayList<>();
        for (Future<List<CompletableFuture<int[]>>> f : submitted) {
            futures.addAll(f.get(120, TimeUnit.SECONDS));
        }
        CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).get(300, TimeUnit.SECONDS);
        long millis = (System.nanoTime() - started) / 1_000_000;
        loops.shutdown();

        ResolverStats s = resolver.stats();
        log.info("[{}] {} concurrent resolutions of {} files in {} ms: {} catalog statements ({} SELECT, {} INSERT), "
                        + "{} cycles, {} keys looked up, {} tracks created, {} cache hits of {} files",
                db, callers, filesEach, millis, s.catalogStatements(), s.selectStatements(), s.insertStatements(),
                s.cycles(), s.keysLookedUp(), s.tracksCreated(), s.cacheHits(), s.files());
        assertEquals((long) callers * filesEach, s.files());
        assertTrue(s.catalogStatements() <= 60, "statements: " + s.catalogStatements() + " (" + s + ")");
        assertTrue(s.tracksCreated() <= songs / 2, "only new songs are created: " + s.tracksCreated());
        assertEquals(store.countTracks(), songs / 2 + s.tracksCreated());
        assertResolvedCorrectly(store, lists, futures);
    }

    @Test
    void unreachableCatalogFailsTheCallsWithCatalogUnavailable() throws Exception {
        Catalog dead = new Catalog(CatalogConfig.mariaDb("jdbc:mariadb://127.0.0.1:1/none?sslMode=disable", "root", "")
                .toBuilder().connectionTimeout(Duration.ofMillis(300)).build());
        toClose.add(dead);
        CatalogShareResolver resolver = resolver(new TrackStore(dead), ResolverConfig.defaults());
        CompletableFuture<int[]> f = resolver.resolve(List.of(file("A", "B", "")));
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(30, TimeUnit.SECONDS));
        assertInstanceOf(CatalogUnavailableException.class, e.getCause());
        CompletableFuture<int[]> cachedOnly = resolver.resolve(List.of(file("", "no artist", "")));
        assertArrayEquals(new int[] {ShareResolver.NO_TRACK}, cachedOnly.get(), "files needing no catalog still resolve");
    }

    @Test
    void tooManyWaitingFilesAndAClosedResolverRefuseAsUnavailable() throws Exception {
        Catalog dead = new Catalog(CatalogConfig.mariaDb("jdbc:mariadb://127.0.0.1:1/none?sslMode=disable", "root", "")
                .toBuilder().connectionTimeout(Duration.ofMillis(2000)).build());
        toClose.add(dead);
        CatalogShareResolver resolver = new CatalogShareResolver(new TrackStore(dead),
                ResolverConfig.builder().maxPendingFiles(3).build());
        CompletableFuture<int[]> waiting = resolver.resolve(List.of(file("A", "1", ""), file("A", "2", "")));
        CompletableFuture<int[]> refused = resolver.resolve(List.of(file("A", "3", ""), file("A", "4", "")));
        ExecutionException busy = assertThrows(ExecutionException.class, () -> refused.get(1, TimeUnit.SECONDS));
        assertTrue(busy.getCause().getMessage().contains("overloaded"), busy.getCause().getMessage());
        resolver.close();
        assertThrows(ExecutionException.class, () -> waiting.get(15, TimeUnit.SECONDS));
        ExecutionException closed = assertThrows(ExecutionException.class,
                () -> resolver.resolve(List.of(file("B", "1", ""))).get(1, TimeUnit.SECONDS));
        assertInstanceOf(CatalogUnavailableException.class, closed.getCause());
        assertEquals(2, resolver.stats().refusedBusy());
    }

    private static void assertResolvedCorrectly(TrackStore store, List<List<SharedFile>> lists,
                                                List<CompletableFuture<int[]>> futures) throws Exception {
        for (int c = 0; c < lists.size(); c += 97) {
            List<SharedFile> files = lists.get(c);
            List<byte[]> keys = new ArrayList<>();
            for (SharedFile f : files) {
                keys.add(TrackKeys.normKey(f.getArtist(), f.getTitle(), f.getAlbum()));
            }
            long[] expected = store.idsByNormKeys(keys);
            int[] got = futures.get(c).get();
            for (int i = 0; i < got.length; i++) {
                assertEquals(expected[i], got[i], "caller " + c + " file " + i);
            }
        }
    }

    private CatalogShareResolver resolver(TrackStore store, ResolverConfig config) {
        CatalogShareResolver r = new CatalogShareResolver(store, config);
        toClose.add(r);
        return r;
    }

    private static Track song(int i) {
        return new Track(0, "Artist " + (i / 10), "Song " + i, i % 3 == 0 ? "" : "Album " + (i / 12));
    }

    private static SharedFile file(String artist, String title, String album) {
        return SharedFile.newBuilder().setPath("/music/" + artist + "/" + title + ".mp3")
                .setArtist(artist).setTitle(title).setAlbum(album).build();
    }
}
