package io.constellation.deploy.loadgen;

import io.constellation.common.catalog.Track;
import io.constellation.proto.satellite.v1.SharedFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.roaringbitmap.RoaringBitmap;

/**
 * Draws simulated satellites' share lists from a universe of tracks with skewed popularity:
 * track {@code r} (0-based rank) is picked with probability proportional to
 * {@code 1 / (r + 1)^exponent}, so a few hits are on many satellites and most tracks on
 * few, as on the real network.
 *
 * <p>Immutable after construction; {@link #draw} may be called from any thread with its
 * own random source.
 */
public final class ShareLists {

    private final List<Track> universe;
    private final double[] cumulative;

    /**
     * @param universe tracks by descending popularity (rank 0 is the biggest hit); not empty
     * @param exponent the Zipf exponent: 0 is uniform, about 1 is what music sharing looks like
     */
    public ShareLists(List<Track> universe, double exponent) {
        if (universe.isEmpty()) {
            throw new IllegalArgumentException("the universe of tracks is empty");
        }
        if (!(exponent >= 0 && exponent <= 4)) {
            throw new IllegalArgumentException("exponent must be within [0, 4], not " + exponent);
        }
        this.universe = List.copyOf(universe);
        this.cumulative = new double[universe.size()];
        double sum = 0;
        for (int r = 0; r < cumulative.length; r++) {
            sum += 1 / Math.pow(r + 1, exponent);
            cumulative[r] = sum;
        }
    }

    /** Number of tracks to draw from. */
    public int universeSize() {
        return universe.size();
    }

    /**
     * A share list of {@code files} distinct tracks (fewer only if the universe is smaller),
     * as the files a satellite would announce: path, size, tags, bitrate and duration.
     */
    public List<SharedFile> draw(int files, SplittableRandom random) {
        int wanted = Math.min(files, universe.size());
        RoaringBitmap taken = new RoaringBitmap();
        List<SharedFile> list = new ArrayList<>(wanted);
        while (list.size() < wanted) {
            int rank = rank(random.nextDouble() * cumulative[cumulative.length - 1]);
            if (taken.checkedAdd(rank)) {
                list.add(file(universe.get(rank), random));
            }
        }
        return list;
    }

    /** The rank whose cumulative weight first reaches {@code point}. */
    private int rank(double point) {
        int i = Arrays.binarySearch(cumulative, point);
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    private static SharedFile file(Track track, SplittableRandom random) {
        int seconds = 120 + random.nextInt(300);
        int kbps = random.nextInt(4) == 0 ? 320 : 192;
        return SharedFile.newBuilder()
                .setPath("/music/" + track.artist() + "/" + track.album() + "/" + track.title() + ".mp3")
                .setSizeBytes((long) seconds * kbps * 125)
                .setArtist(track.artist())
                .setTitle(track.title())
                .setAlbum(track.album())
                .setBitrateKbps(kbps)
                .setDurationSeconds(seconds)
                .build();
    }
}
