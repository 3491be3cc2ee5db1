package io.constellation.satellite.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.constellation.satellite.share.AvailabilityCounts;
import io.constellation.satellite.share.ShareResolver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-session share set: multiplicity per track and what it reports to the counts. */
class ShareSetTest {

    /** Records every call, sorted, as "+1,2" or "-3". */
    private static final class Recorder implements AvailabilityCounts {
        final List<String> calls = new ArrayList<>();

        @Override
        public void add(int[] trackIds, int length) {
            calls.add("+" + sorted(trackIds, length));
        }

        @Override
        public void remove(int[] trackIds, int length) {
            calls.add("-" + sorted(trackIds, length));
        }

        private static String sorted(int[] ids, int length) {
            int[] copy = Arrays.copyOf(ids, length);
            Arrays.sort(copy);
            return Arrays.toString(copy);
        }
    }

    private final Recorder counts = new Recorder();

    private static ShareSet of(long[] paths, int[] tracks) {
        ShareSet s = new ShareSet();
        for (int i = 0; i < paths.length; i++) {
            s.put(paths[i], tracks[i]);
        }
        return s;
    }

    @Test
    void aTrackCountsOnceHoweverManyFilesResolveToIt() {
        ShareSet shares = new ShareSet();
        shares.replaceWith(of(new long[] {1, 2, 3}, new int[] {7, 7, 8}), counts);
        assertEquals(List.of("+[7, 8]"), counts.calls);
        assertEquals(3, shares.files());
        assertEquals(2, shares.tracks());
    }

    @Test
    void replacingAListReportsOnlyTheDifference() {
        ShareSet shares = new ShareSet();
        shares.replaceWith(of(new long[] {1, 2, 3}, new int[] {7, 8, 9}), counts);
        counts.calls.clear();
        shares.replaceWith(of(new long[] {4, 5, 6}, new int[] {8, 9, 10}), counts);
        assertEquals(List.of("-[7]", "+[10]"), counts.calls);
    }

    @Test
    void aDeltaThatRemovesAndReAddsATrackReportsNothingForIt() {
        ShareSet shares = new ShareSet();
        shares.replaceWith(of(new long[] {1, 2}, new int[] {7, 8}), counts);
        counts.calls.clear();
        shares.apply(new long[] {1}, 1, new long[] {3, 4}, new int[] {7, 11}, 2, counts);
        assertEquals(List.of("+[11]"), counts.calls);
        assertEquals(3, shares.files());
    }

    @Test
    void aDeltaRemovingTheLastFileOfATrackRemovesTheTrack() {
        ShareSet shares = new ShareSet();
        shares.replaceWith(of(new long[] {1, 2, 3}, new int[] {7, 7, 8}), counts);
        counts.calls.clear();
        shares.apply(new long[] {1, 99}, 2, new long[0], new int[0], 0, counts);
        assertEquals(List.of(), counts.calls, "track 7 is still shared through path 2");
        shares.apply(new long[] {2}, 1, new long[0], new int[0], 0, counts);
        assertEquals(List.of("-[7]"), counts.calls);
    }

    @Test
    void reAddingAPathWithoutATrackRemovesItsFile() {
        ShareSet shares = new ShareSet();
        shares.replaceWith(of(new long[] {1}, new int[] {7}), counts);
        counts.calls.clear();
        shares.apply(new long[0], 0, new long[] {1}, new int[] {ShareResolver.NO_TRACK}, 1, counts);
        assertEquals(List.of("-[7]"), counts.calls);
        assertEquals(0, shares.files());
    }

    @Test
    void clearingReportsEveryTrack() {
        ShareSet shares = new ShareSet();
        shares.replaceWith(of(new long[] {1, 2, 3}, new int[] {7, 8, 8}), counts);
        counts.calls.clear();
        shares.clear(counts);
        assertEquals(List.of("-[7, 8]"), counts.calls);
        assertEquals(0, shares.files());
    }

    @Test
    void countPresentCountsDistinctKnownPaths() {
        ShareSet shares = of(new long[] {1, 2, 3}, new int[] {7, 8, 9});
        assertEquals(2, shares.countPresent(new long[] {3, 1, 3, 42}));
    }

    @Test
    void pathHashesDifferForNearbyPaths() {
        long[] hashes = {PathHash.of("/music/a.mp3"), PathHash.of("/music/b.mp3"), PathHash.of("/music/a.mp4"),
                PathHash.of("")};
        long[] distinct = Arrays.stream(hashes).distinct().toArray();
        assertArrayEquals(hashes, distinct);
    }
}
