package io.constellation.satellite.share.internal;

/**
 * A file's tags exactly as the satellite sent them: how the resolver's worker knows a
 * spelling that missed the {@link SpellingCache} (which keeps only hashes of it).
 *
 * <p>The cache is keyed by the raw tags rather than by {@code tracks.norm_key} because
 * computing a norm key (Unicode normalisation and SHA-256 of three fields) costs ~4 µs a
 * file on the reference machine: 5,000 logins/s of 300 files would need six cores for
 * it alone, while hashing three strings the protobuf message already holds costs tens of
 * nanoseconds. Each spelling of a track is one entry; the catalog key is computed once,
 * on the first miss of that spelling.
 */
public record TagKey(String artist, String title, String album) {
}
