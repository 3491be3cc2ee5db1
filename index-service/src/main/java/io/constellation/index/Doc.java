package io.constellation.index;

import java.util.Objects;

/**
 * One track as the index sees it: its ordinal on the shard (see {@link ShardLayout}) and the
 * words it is found under.
 *
 * <p>{@code words} must already be normalised and distinct, as
 * {@code Normalizer.distinctSortedWords(track.searchableText())} gives them. The array is
 * not copied: the caller must not modify it after handing the document to the index.
 * Equality is by identity of the array (record default), which the index never relies on.
 *
 * @param ord   the track's ordinal, {@code >= 0}
 * @param words the track's distinct normalised words, possibly empty
 */
public record Doc(int ord, String[] words) {

    /** Validates the document. */
    public Doc {
        if (ord < 0) {
            throw new IllegalArgumentException("ord must be >= 0: " + ord);
        }
        Objects.requireNonNull(words, "words");
    }
}
