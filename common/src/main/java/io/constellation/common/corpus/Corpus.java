package io.constellation.common.corpus;

import io.constellation.common.corpus.internal.RowRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The real song and album rows of the bundled Billboard corpus (UT Data,
 * utdata/rwd-billboard-data, MIT licence), in file order. Load it once and share it: loading
 * parses about 3 MB of CSV. Rows the importer would reject are left out. Immutable.
 */
public final class Corpus {

    /** Classpath resource of the Hot 100 songs. */
    public static final String SONGS_RESOURCE = "corpus/billboard/hot100-songs.csv";
    /** Classpath resource of the Billboard 200 albums. */
    public static final String ALBUMS_RESOURCE = "corpus/billboard/billboard200-albums.csv";

    private final List<CorpusEntry> songs;
    private final List<CorpusEntry> albums;

    private Corpus(List<CorpusEntry> songs, List<CorpusEntry> albums) {
        if (songs.isEmpty() || albums.isEmpty()) {
            throw new IllegalArgumentException("a corpus needs at least one song and one album");
        }
        this.songs = List.copyOf(songs);
        this.albums = List.copyOf(albums);
    }

    /** The corpus bundled in this jar. */
    public static Corpus bundled() {
        return new Corpus(readResource(SONGS_RESOURCE), readResource(ALBUMS_RESOURCE));
    }

    /** A corpus of given rows (tests, other data sets). */
    public static Corpus of(List<CorpusEntry> songs, List<CorpusEntry> albums) {
        return new Corpus(songs, albums);
    }

    /** Song rows: title is the song. */
    public List<CorpusEntry> songs() {
        return songs;
    }

    /** Album rows: title is the album. */
    public List<CorpusEntry> albums() {
        return albums;
    }

    /** Opens a bundled resource as UTF-8 text; the caller closes it. */
    static Reader openResource(String resource) {
        InputStream in = Corpus.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("bundled corpus missing from the classpath: " + resource);
        }
        return new InputStreamReader(in, StandardCharsets.UTF_8);
    }

    private static List<CorpusEntry> readResource(String resource) {
        try (CsvReader csv = new CsvReader(openResource(resource))) {
            return read(csv);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<CorpusEntry> read(CsvReader csv) {
        CsvRecord header = csv.next();
        if (header == null) {
            return List.of();
        }
        RowRules rules = RowRules.fromHeader(header.fields());
        List<CorpusEntry> out = new ArrayList<>();
        for (CsvRecord r = csv.next(); r != null; r = csv.next()) {
            if (r.ok() && rules.problem(r.fields()) == null) {
                List<String> f = r.fields();
                out.add(new CorpusEntry(rules.title(f), rules.artist(f), rules.weeks(f), rules.peak(f)));
            }
        }
        return out;
    }
}
