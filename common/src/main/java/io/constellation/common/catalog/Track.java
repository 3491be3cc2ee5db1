package io.constellation.common.catalog;

import java.util.Objects;

/**
 * One row of the catalog's {@code tracks} table: the fields a search shows and indexes.
 *
 * @param id     the catalog id (positive; {@code 0} for a track not yet stored)
 * @param artist the performing artist, as the source spelled it
 * @param title  the song title
 * @param album  the album, or the empty string when unknown
 */
public record Track(long id, String artist, String title, String album) {

    public Track {
        Objects.requireNonNull(artist, "artist");
        Objects.requireNonNull(title, "title");
        album = album == null ? "" : album;
    }

    /** The text the index tokenises: every searchable field, separated so words never join. */
    public String searchableText() {
        return artist + '\n' + title + '\n' + album;
    }
}
