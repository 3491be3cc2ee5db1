package io.constellation.satellite.share;

/**
 * This satellite server's current availability: for each track, how many of
 * its online sessions share it. A session counts once per track however many
 * of its files resolve to that track.
 *
 * <p>Thread-safe: called from every event loop as sessions share, unshare and
 * close. Calls are short (no I/O); the feed to the gateways reads the counts
 * on its own thread.
 */
public interface AvailabilityCounts {

  /** One more session shares each of these tracks (distinct ids, any order). */
  void add(int[] trackIds, int length);

  /** One session fewer shares each of these tracks (distinct ids, any order). */
  void remove(int[] trackIds, int length);
}
