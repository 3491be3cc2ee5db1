package io.constellation.common.corpus;

import io.constellation.common.catalog.Track;
import io.constellation.common.corpus.internal.AliasTable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Scales the real corpus to any number of realistic tracks for load tests and benchmarks:
 * real artists (drawn with their chart popularity, so a few artists own many tracks and the
 * word frequencies stay skewed like a real catalog's), mostly their own real song and album
 * titles, sometimes other real titles, and the variants file sharers see ("(Live)",
 * "(Remix)", "feat. <another real artist>", ...).
 *
 * <p>Deterministic: the same corpus and seed give the same sequence, on any machine. Tracks
 * get ids 1..count. Tracks may repeat (by normalised key) now and then, as real share lists do.
 * The generator is immutable and thread-safe; each iterator is not.
 */
public final class CorpusGenerator {

    private static final String[] VARIANTS = {
        "(Live)", "(Remix)", "(Acoustic)", "(Radio Edit)", "(Remastered 2009)", "(Remastered 2011)",
        "(Extended Mix)", "(Instrumental)", "(Demo)", "(Live at Wembley)", "(Single Version)", "(Clean)",
    };

    private final String[] artists;
    private final AliasTable artistByPopularity;
    /** Per artist index: its own song titles and album titles (possibly empty). */
    private final String[][] songsOf;
    private final String[][] albumsOf;
    private final String[] allTitles;
    private final String[] allAlbums;

    /** A generator over {@code corpus}'s artists, titles and albums. */
    public CorpusGenerator(Corpus corpus) {
        Map<String, Integer> index = new HashMap<>();
        List<String> names = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        List<List<String>> songs = new ArrayList<>();
        List<List<String>> albums = new ArrayList<>();
        collect(corpus.songs(), index, names, weights, songs, albums, true);
        collect(corpus.albums(), index, names, weights, songs, albums, false);
        this.artists = names.toArray(new String[0]);
        this.artistByPopularity = new AliasTable(weights.stream().mapToDouble(Double::doubleValue).toArray());
        this.songsOf = songs.stream().map(l -> l.toArray(new String[0])).toArray(String[][]::new);
        this.albumsOf = albums.stream().map(l -> l.toArray(new String[0])).toArray(String[][]::new);
        this.allTitles = corpus.songs().stream().map(CorpusEntry::title).toArray(String[]::new);
        this.allAlbums = corpus.albums().stream().map(CorpusEntry::title).toArray(String[]::new);
    }

    private static void collect(List<CorpusEntry> entries, Map<String, Integer> index, List<String> names,
                                List<Double> weights, List<List<String>> songs, List<List<String>> albums,
                                boolean areSongs) {
        for (CorpusEntry e : entries) {
            int i = index.computeIfAbsent(e.artist(), a -> {
                names.add(a);
                weights.add(0.0);
                songs.add(new ArrayList<>());
                albums.add(new ArrayList<>());
                return names.size() - 1;
            });
            weights.set(i, weights.get(i) + e.popularity());
            (areSongs ? songs : albums).get(i).add(e.title());
        }
    }

    /** Calls {@code sink} with {@code count} tracks, ids 1..count, for this seed. */
    public void generate(long count, long seed, Consumer<Track> sink) {
        Sequence s = new Sequence(count, seed);
        while (s.hasNext()) {
            sink.accept(s.next());
        }
    }

    /** The same tracks as {@link #generate}, lazily. */
    public Iterator<Track> iterator(long count, long seed) {
        return new Sequence(count, seed);
    }

    /** The same tracks as {@link #generate}, as a sequential ordered stream. */
    public Stream<Track> stream(long count, long seed) {
        Spliterator<Track> split = Spliterators.spliterator(iterator(count, seed), count,
                Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.IMMUTABLE);
        return StreamSupport.stream(split, false);
    }

    private Track track(long id, SplittableRandom r) {
        int a = artistByPopularity.sample(r);
        String title = pickTitle(a, r);
        String album = pickAlbum(a, r);
        return new Track(id, artists[a], decorate(title, r), album);
    }

    /** Mostly the artist's own titles (cover versions and mislabelled files supply the rest). */
    private String pickTitle(int artist, SplittableRandom r) {
        String[] own = r.nextInt(100) < 70 && songsOf[artist].length > 0 ? songsOf[artist] : null;
        if (own == null && albumsOf[artist].length > 0 && r.nextInt(100) < 30) {
            own = albumsOf[artist];
        }
        String[] pool = own != null ? own : allTitles;
        return pool[r.nextInt(pool.length)];
    }

    /** About a quarter of files carry no album tag; the rest mostly the artist's own albums. */
    private String pickAlbum(int artist, SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 25) {
            return "";
        }
        String[] own = albumsOf[artist];
        if (roll < 85 && own.length > 0) {
            return own[r.nextInt(own.length)];
        }
        return allAlbums[r.nextInt(allAlbums.length)];
    }

    /** 55% plain; 15% featuring another artist; 30% a version tag. */
    private String decorate(String title, SplittableRandom r) {
        int roll = r.nextInt(100);
        if (roll < 55) {
            return title;
        }
        if (roll < 70) {
            return title + " (feat. " + artists[artistByPopularity.sample(r)] + ")";
        }
        return title + " " + VARIANTS[r.nextInt(VARIANTS.length)];
    }

    /** One deterministic run: its own random source, advanced once per track in id order. */
    private final class Sequence implements Iterator<Track> {
        private final long count;
        private final SplittableRandom random;
        private long nextId = 1;

        Sequence(long count, long seed) {
            if (count < 0) {
                throw new IllegalArgumentException("count must be >= 0, got " + count);
            }
            this.count = count;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public boolean hasNext() {
            return nextId <= count;
        }

        @Override
        public Track next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return track(nextId++, random);
        }
    }
}
