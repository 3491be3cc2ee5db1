package io.constellation.bench.gateway;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.DuplicateUserException;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackKeys;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.User;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.corpus.Corpus;
import io.constellation.common.corpus.CorpusGenerator;
import io.constellation.common.text.Normalizer;
import io.constellation.proto.satellite.v1.SharedFile;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the satellites of {@link LoginVisibility} share and log in as, put into the catalog
 * before the run and known by id, so the poller can ask the gateway for exactly a
 * satellite's tracks:
 * <ul>
 *   <li>a universe of generated tracks ({@link CorpusGenerator}), drawn into share lists
 *       with Zipf skew (a few hits on many satellites, most tracks on few);</li>
 *   <li>one marker track per login, shared by that satellite alone, so its count at the
 *       gateway is known exactly (1 once the login shows, 0 before);</li>
 *   <li>users {@code gwbench-0..}, all with one password hashed at the given cost.</li>
 * </ul>
 * Immutable after {@link #prepare}; {@link #shareList} may be called from any thread with
 * its own random source.
 */
final class SharePopulation {

    /** Longest tag kept from the generator: the catalog takes 255 characters, the wire 255 UTF-16 units. */
    private static final int MAX_TAG = 200;
    static final String PASSWORD = "gwbench-password";
    private static final String MARKER_ARTIST = "Gwbench Marker";

    private final SharedFile[] universeFiles;
    private final int[] universeIds;
    private final int[] markerIds;
    private final String markerPrefix;
    private final List<String> users;
    private final TrackIdSampler ranks;

    private SharePopulation(SharedFile[] universeFiles, int[] universeIds, int[] markerIds, String markerPrefix,
                            List<String> users, double zipf) {
        this.universeFiles = universeFiles;
        this.universeIds = universeIds;
        this.markerIds = markerIds;
        this.markerPrefix = markerPrefix;
        this.users = users;
        this.ranks = new TrackIdSampler(universeFiles.length, zipf);
    }

    /**
     * Inserts (or finds) {@code universe} generated tracks, {@code markers} marker tracks
     * unique to this run, and {@code userCount} users with hashes of {@code iterations}
     * PBKDF2 iterations, and reads back their ids.
     */
    static SharePopulation prepare(Catalog catalog, int universe, int markers, int userCount, int iterations,
                                   double zipf, long seed) {
        TrackStore tracks = new TrackStore(catalog);
        List<Track> generated = new ArrayList<>(universe);
        Set<String> seen = new HashSet<>();
        Iterator<Track> it = new CorpusGenerator(Corpus.bundled()).iterator(Long.MAX_VALUE, seed);
        while (generated.size() < universe) {
            Track t = it.next();
            if (shareable(t) && seen.add(new String(TrackKeys.normKey(t), java.nio.charset.StandardCharsets.ISO_8859_1))) {
                generated.add(t);
            }
        }
        tracks.insertTracks(generated);
        int[] universeIds = ids(tracks, generated);
        SharedFile[] files = new SharedFile[universe];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < universe; i++) {
            files[i] = file(generated.get(i), i, r);
        }
        String prefix = "marker " + Long.toHexString(new SplittableRandom().nextLong()) + " ";
        List<Track> markerTracks = new ArrayList<>(markers);
        for (int k = 0; k < markers; k++) {
            markerTracks.add(new Track(0, MARKER_ARTIST, prefix + k, ""));
        }
        tracks.insertTracks(markerTracks);
        int[] markerIds = ids(tracks, markerTracks);
        return new SharePopulation(files, universeIds, markerIds, prefix, users(catalog, userCount, iterations), zipf);
    }

    /**
     * Whether a satellite server counts a file of this track: tags within the wire's and the
     * catalog's limits, and words in artist and title (the resolver gives a file without
     * them no track, so it would never show at the gateway).
     */
    private static boolean shareable(Track t) {
        return t.artist().length() <= MAX_TAG && t.title().length() <= MAX_TAG && t.album().length() <= MAX_TAG
                && !Normalizer.words(t.artist()).isEmpty() && !Normalizer.words(t.title()).isEmpty();
    }

    private static int[] ids(TrackStore tracks, List<Track> list) {
        List<byte[]> keys = new ArrayList<>(list.size());
        for (Track t : list) {
            keys.add(TrackKeys.normKey(t));
        }
        long[] found = tracks.idsByNormKeys(keys);
        int[] ids = new int[found.length];
        for (int i = 0; i < found.length; i++) {
            if (found[i] <= 0 || found[i] > Integer.MAX_VALUE) {
                throw new IllegalStateException("track " + list.get(i) + " is not in the catalog after inserting it");
            }
            ids[i] = (int) found[i];
        }
        return ids;
    }

    /** Users gwbench-0..n-1 with the benchmark password; existing ones get their hash replaced. */
    private static List<String> users(Catalog catalog, int n, int iterations) {
        UserStore store = new UserStore(catalog);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("gwbench-" + i);
        }
        Map<String, User> existing = store.findByNames(names);
        // One hash serves every user (only its cost matters); an earlier run's is kept when it
        // still fits, so that a rerun on MariaDB updates no rows.
        PasswordHasher hasher = new PasswordHasher(iterations);
        String hash = existing.values().stream().map(User::passwordHash)
                .filter(h -> !hasher.needsRehash(h) && hasher.verify(PASSWORD, h))
                .findFirst().orElseGet(() -> hasher.hash(PASSWORD));
        for (String name : names) {
            User u = existing.get(name);
            if (u == null) {
                try {
                    store.create(name, hash, 4, 4);
                } catch (DuplicateUserException e) {
                    throw new IllegalStateException("user " + name + " appeared during set-up", e);
                }
            } else if (!u.passwordHash().equals(hash)) {
                store.updatePassword(u.id(), hash);
            }
        }
        return List.copyOf(names);
    }

    private static SharedFile file(Track t, int i, SplittableRandom r) {
        int seconds = 120 + r.nextInt(300);
        return SharedFile.newBuilder()
                .setPath("/music/" + i + ".mp3")
                .setSizeBytes(seconds * 24_000L)
                .setArtist(t.artist()).setTitle(t.title()).setAlbum(t.album())
                .setBitrateKbps(192).setDurationSeconds(seconds)
                .build();
    }

    /** Universe tracks. */
    int universe() {
        return universeFiles.length;
    }

    /** Users in the pool. */
    int users() {
        return users.size();
    }

    /** Universe files {@code [from, to)}: the share lists that warm a server's resolver with every track. */
    List<SharedFile> slice(int from, int to) {
        return List.of(java.util.Arrays.copyOfRange(universeFiles, from, Math.min(to, universeFiles.length)));
    }

    /** Logins the markers suffice for. */
    int markers() {
        return markerIds.length;
    }

    /** The catalog id of login {@code k}'s marker track. */
    int markerId(int k) {
        return markerIds[k];
    }

    /** The user login {@code k} logs in as: users are reused round-robin. */
    String user(int k) {
        return users.get(k % users.size());
    }

    /**
     * Login {@code k}'s share list: {@code files - 1} distinct universe tracks drawn with
     * the Zipf skew, then its marker. Their catalog ids go to {@code idsOut} (length {@code files}).
     */
    List<SharedFile> shareList(int k, int files, SplittableRandom random, int[] idsOut) {
        List<SharedFile> list = new ArrayList<>(files);
        IntOpenHashSet taken = new IntOpenHashSet(files * 2);
        int wanted = Math.min(files - 1, universeFiles.length);
        while (list.size() < wanted) {
            int i = ranks.next(random) - 1;
            if (taken.add(i)) {
                idsOut[list.size()] = universeIds[i];
                list.add(universeFiles[i]);
            }
        }
        idsOut[list.size()] = markerIds[k];
        list.add(SharedFile.newBuilder().setPath("/music/marker-" + k + ".mp3").setSizeBytes(1_000_000)
                .setArtist(MARKER_ARTIST).setTitle(markerPrefix + k).setBitrateKbps(192).setDurationSeconds(60)
                .build());
        return list;
    }
}
