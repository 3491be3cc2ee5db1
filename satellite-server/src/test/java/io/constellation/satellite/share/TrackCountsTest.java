package io.constellation.satellite.share;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TrackCountsTest {

    @Test
    void addsAndRemovesAdjustCountsAndZeroCountsDisappear() {
        TrackCounts c = new TrackCounts();
        c.add(new int[] {1, 2, 3, 99}, 3);
        c.add(new int[] {2, 3}, 2);
        c.remove(new int[] {3}, 1);
        assertEquals(1, c.count(1));
        assertEquals(2, c.count(2));
        assertEquals(1, c.count(3));
        assertEquals(0, c.count(99), "only the first length entries count");
        c.remove(new int[] {1}, 1);
        assertEquals(2, c.trackCount());
        assertEquals(map(2, 2, 3, 1), asMap(c.counts()));
    }

    @Test
    void idsFarApartAndNegativeIdsCountLikeAnyOther() {
        TrackCounts c = new TrackCounts();
        int[] ids = {0, 63, 64, 65_536, Integer.MAX_VALUE, -1, Integer.MIN_VALUE};
        c.add(ids, ids.length);
        c.add(new int[] {Integer.MAX_VALUE}, 1);
        assertEquals(2, c.count(Integer.MAX_VALUE));
        assertEquals(1, c.count(-1));
        assertEquals(0, c.count(-65), "a neighbour in the same stripe is untouched");
        assertEquals(map(0, 1, 63, 1, 64, 1, 65_536, 1, Integer.MAX_VALUE, 2, -1, 1, Integer.MIN_VALUE, 1),
                asMap(c.counts()));
        assertEquals(asMap(c.counts()), asMap(c.cutWithSnapshot().delta()), "all new since the start");
        c.remove(ids, ids.length);
        assertEquals(map(Integer.MAX_VALUE, 1), asMap(c.cutWithSnapshot().snapshot()));
        assertEquals(1, c.trackCount());
    }

    @Test
    void aTrackChangedManyTimesBetweenCutsIsOneEntryOfItsNetChange() {
        TrackCounts c = new TrackCounts();
        for (int i = 0; i < 1000; i++) {
            c.add(new int[] {5, 69}, 2);
            c.remove(new int[] {5}, 1);
        }
        c.add(new int[] {5}, 1);
        assertEquals(map(5, 1, 69, 1000), asMap(c.cutDelta()));
        for (int i = 0; i < 10; i++) {
            c.remove(new int[] {69}, 1);
            c.add(new int[] {69}, 1);
        }
        assertEquals(0, c.cutDelta().size(), "changes that cancel leave nothing to send");
        assertEquals(map(5, 1, 69, 1000), asMap(c.counts()));
    }

    @Test
    void deltaCarriesNetChangesSinceTheLastCutAndDropsThoseThatCancel() {
        TrackCounts c = new TrackCounts();
        c.add(new int[] {1, 2, 3}, 3);
        c.remove(new int[] {2}, 1);
        assertEquals(map(1, 1, 3, 1), asMap(c.cutDelta()));
        assertEquals(0, c.cutDelta().size(), "a cut resets the changes");
        c.add(new int[] {1, 4}, 2);
        c.remove(new int[] {1, 3}, 2);
        c.add(new int[] {3}, 1);
        assertEquals(map(4, 1), asMap(c.cutDelta()), "1 and 3 went up and down again");
    }

    @Test
    void snapshotIsTheCountsAfterTheDeltaCutWithIt() {
        TrackCounts c = new TrackCounts();
        c.add(new int[] {1, 2}, 2);
        c.cutDelta();
        c.add(new int[] {2, 5}, 2);
        TrackCounts.Cut cut = c.cutWithSnapshot();
        assertEquals(map(2, 1, 5, 1), asMap(cut.delta()));
        assertEquals(map(1, 1, 2, 2, 5, 1), asMap(cut.snapshot()));
        TrackCounts.Cut next = c.cutWithSnapshot();
        assertEquals(0, next.delta().size(), "nothing changed since");
        assertEquals(asMap(cut.snapshot()), asMap(next.snapshot()));
    }

    @Test
    void aTrackThatLostItsLastSessionIsInTheNextDeltaThenGoneAndCountsAgainFromZero() {
        TrackCounts c = new TrackCounts();
        c.add(new int[] {1, 2}, 2);
        c.cutDelta();
        c.remove(new int[] {1}, 1);
        assertEquals(1, c.trackCount());
        assertEquals(map(2, 1), asMap(c.counts()));
        assertEquals(map(1, -1), asMap(c.cutDelta()));
        assertEquals(map(2, 1), asMap(c.cutWithSnapshot().snapshot()));
        c.add(new int[] {1}, 1);
        assertEquals(1, c.count(1));
        assertEquals(2, c.trackCount());
        assertEquals(map(1, 1), asMap(c.cutDelta()));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.remove(new int[] {1, 1}, 2));
        assertTrue(e.getMessage().contains("track 1"), e.getMessage());
        assertEquals(0, c.count(1));
        assertEquals(map(1, -1), asMap(c.cutDelta()), "the valid removal only");
    }

    @Test
    void removingATrackNobodySharesIsABugReportedAfterApplyingTheRest() {
        TrackCounts c = new TrackCounts();
        c.add(new int[] {1}, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.remove(new int[] {7, 1}, 2));
        assertTrue(e.getMessage().contains("track 7"), e.getMessage());
        assertEquals(0, c.count(1), "the valid removal was applied");
        assertEquals(0, c.count(7), "never negative");
        assertEquals(0, c.cutDelta().size(), "1 went up and down; 7 never changed");
    }

    /**
     * Writers add and remove whole sessions from several threads while a feed thread cuts
     * deltas and, now and then, a snapshot that starts a new "gateway". Every gateway,
     * snapshot plus the deltas after it, must end equal to the truth: nothing lost or
     * counted twice between a snapshot and the next delta.
     */
    @Test
    void concurrentChangesWhileCuttingLoseNothingAndCountNothingTwice() throws Exception {
        TrackCounts c = new TrackCounts();
        int writers = 4;
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch started = new CountDownLatch(writers);
        List<Future<Int2IntOpenHashMap>> truths = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            long seed = w;
            truths.add(pool.submit(() -> writeSessions(c, new SplittableRandom(seed), stop, started)));
        }
        started.await();
        List<Int2IntOpenHashMap> gateways = new ArrayList<>();
        SplittableRandom feed = new SplittableRandom(99);
        // Runs for at least a second AND at least 100 cuts and 3 snapshots: a count, not a
        // clock alone, so a loaded machine makes the test slower, never weaker or red.
        long minimumEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        int cuts = 0;
        while (System.nanoTime() < minimumEnd || cuts < 100 || gateways.size() < 3) {
            if (feed.nextInt(10) == 0) {
                TrackCounts.Cut cut = c.cutWithSnapshot();
                gateways.forEach(g -> apply(g, cut.delta()));
                gateways.add(asMap(cut.snapshot()));
            } else {
                TrackCounts.Delta d = c.cutDelta();
                gateways.forEach(g -> apply(g, d));
            }
            cuts++;
        }
        stop.set(true);
        Int2IntOpenHashMap truth = new Int2IntOpenHashMap();
        for (Future<Int2IntOpenHashMap> f : truths) {
            f.get(30, TimeUnit.SECONDS).int2IntEntrySet().forEach(e -> truth.addTo(e.getIntKey(), e.getIntValue()));
        }
        pool.shutdown();
        TrackCounts.Delta last = c.cutDelta();
        gateways.forEach(g -> apply(g, last));
        truth.values().removeIf(v -> v == 0);
        assertEquals(truth, asMap(c.counts()), "the counts are the truth");
        for (int i = 0; i < gateways.size(); i++) {
            assertEquals(truth, gateways.get(i), "gateway " + i + " (snapshot plus later deltas)");
        }
    }

    /** One writer: sessions of up to 50 distinct tracks out of 2,000, logging in and out; returns its final contribution. */
    private static Int2IntOpenHashMap writeSessions(TrackCounts c, SplittableRandom r, AtomicBoolean stop, CountDownLatch started) {
        List<int[]> live = new ArrayList<>();
        started.countDown();
        while (!stop.get()) {
            if (live.isEmpty() || r.nextInt(3) > 0) {
                IntOpenHashSet tracks = new IntOpenHashSet();
                int n = 1 + r.nextInt(50);
                while (tracks.size() < n) {
                    tracks.add(r.nextInt(2000));
                }
                int[] s = tracks.toIntArray();
                c.add(s, s.length);
                live.add(s);
            } else {
                int[] s = live.remove(r.nextInt(live.size()));
                c.remove(s, s.length);
            }
            if (live.size() > 200) {
                int[] s = live.remove(0);
                c.remove(s, s.length);
            }
        }
        Int2IntOpenHashMap mine = new Int2IntOpenHashMap();
        for (int[] s : live) {
            for (int t : s) {
                mine.addTo(t, 1);
            }
        }
        return mine;
    }

    private static void apply(Int2IntOpenHashMap gateway, TrackCounts.Delta d) {
        for (int i = 0; i < d.size(); i++) {
            int now = gateway.addTo(d.trackIds()[i], d.changes()[i]) + d.changes()[i];
            assertTrue(now >= 0, "a gateway count went negative: track " + d.trackIds()[i]);
            if (now == 0) {
                gateway.remove(d.trackIds()[i]);
            }
        }
    }

    private static Int2IntOpenHashMap asMap(TrackCounts.Snapshot s) {
        Int2IntOpenHashMap m = new Int2IntOpenHashMap();
        for (int i = 0; i < s.size(); i++) {
            assertEquals(0, m.put(s.trackIds()[i], s.counts()[i]), "ids are distinct");
            assertTrue(s.counts()[i] > 0, "snapshots hold positive counts only");
        }
        return m;
    }

    private static Int2IntOpenHashMap asMap(TrackCounts.Delta d) {
        Int2IntOpenHashMap m = new Int2IntOpenHashMap();
        for (int i = 0; i < d.size(); i++) {
            assertEquals(0, m.put(d.trackIds()[i], d.changes()[i]), "ids are distinct");
            assertTrue(d.changes()[i] != 0, "deltas hold no zero changes");
        }
        return m;
    }

    private static Int2IntOpenHashMap map(int... pairs) {
        Int2IntOpenHashMap m = new Int2IntOpenHashMap();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
