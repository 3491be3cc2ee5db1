package io.constellation.common.corpus;

import java.nio.file.Path;
import java.util.Locale;

/** What the rows of a chart CSV are: songs or albums (which become tracks differently). */
public enum CsvKind {
    /** A row is a song: Track(artist, title, album ""). */
    SONGS,
    /** A row is an album: Track(artist, album title, album title). */
    ALBUMS;

    /** ALBUMS when the file name contains "album" (any case), else SONGS. */
    public static CsvKind inferFrom(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).contains("album") ? ALBUMS : SONGS;
    }
}
