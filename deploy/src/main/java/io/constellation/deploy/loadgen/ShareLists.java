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
 * <p>Each track's file (path, size, tags, bitrate, duration) is built once, here: a list is
 * then only references to shared messages, so thousands of satellites logging in per
 * second cost the load generator a few binary searches each rather than hundreds of
 * new protobuf messages and path strings (which would compete for the CPU with the
 * server being measured).
 *
 * <p>Immutable after construction; {@link #draw} may be called from any thread with its
 * own random source.
 */
public final class ShareLists {

    /** Draws per wanted file before the rest of a list is filled by rank (a list nearly as large as the universe). */
    private static final int MAX_DRAWS_PER_FILE = 20;

    private final SharedFile[] files;
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
        this.files = new SharedFile[universe.size()];
        this.cumulative = new double[universe.size()];
        double sum = 0;
        for (int r = 0; r < cumulative.length; r++) {
            sum += 1 / Math.pow(r + 1, exponent);
            cumulative[r] = sum;
            // Seeded by rank: the same universe gives the same files whatever the draws.
            files[r] = file(universe.get(r), new SplittableRandom(r));
        }
    }

    /** Number of tracks to draw from. */
    public int universeSize() {
        return files.length;
    }

    /**
     * The share list of the satellite in slot {@code slot} of a run with this seed: the
     * same at every login of that slot, and for anyone who wants to know what it shares.
     */
    public List<SharedFile> forSlot(int slot, int files, long seed) {
        return draw(files, new SplittableRandom(slotSeed(seed, slot)));
    }

    /**
     * A seed of its own for {@code slot}. Mixed, not just offset: SplittableRandom walks its
     * seed by a fixed increment, so seeds that differ by multiples of it (or by bits that do
     * not overlap it) give the same sequence shifted by a step, i.e. nearly the same lists.
     */
    static long slotSeed(long seed, int slot) {
        return mix64(mix64(seed) + slot);
    }

    /** Stafford's variant 13 of the MurmurHash3 finaliser: every input bit affects every output bit. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * A share list of {@code files} distinct tracks (fewer only if the universe is smaller),
     * as the files a satellite would announce: path, size, tags, bitrate and duration.
     */
    public List<SharedFile> draw(int files, SplittableRandom random) {
        int wanted = Math.min(files, this.files.length);
        RoaringBitmap taken = new RoaringBitmap();
        List<SharedFile> list = new ArrayList<>(wanted);
        long draws = (long) wanted * MAX_DRAWS_PER_FILE;
        while (list.size() < wanted && draws-- > 0) {
            int rank = rank(random.nextDouble() * cumulative[cumulative.length - 1]);
            if (taken.checkedAdd(rank)) {
                list.add(this.files[rank]);
            }
        }
        for (int rank = 0; list.size() < wanted; rank++) {
            if (taken.checkedAdd(rank)) {
                list.add(this.files[rank]);
            }
        }
        return list;
    }

    /** The path a satellite shares {@code track} under. */
    static String pathOf(Track track) {
        return "/music/" + track.artist() + "/" + track.album() + "/" + track.title() + ".mp3";
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
                .setPath(pathOf(track))
                .setSizeBytes((long) seconds * kbps * 125)
                .setArtist(track.artist())
                .setTitle(track.title())
                .setAlbum(track.album())
                .setBitrateKbps(kbps)
                .setDurationSeconds(seconds)
                .build();
    }
}
