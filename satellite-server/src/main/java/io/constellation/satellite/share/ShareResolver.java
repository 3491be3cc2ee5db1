package io.constellation.satellite.share;

import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.wire.FileBatch;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Maps shared files to catalog track ids, creating catalog rows for tracks
 * not seen before.
 *
 * <p>Called from Netty event loops by many sessions at once. Implementations
 * batch the work of concurrent callers (10,000 satellites logging in together
 * must not become 10,000 catalog queries), answer repeated files from a cache,
 * and never block the caller: the future completes on the resolver's own
 * executor.
 *
 * <p>Track ids are {@code int}s inside a satellite server (the catalog is
 * sized for 200 million tracks, well below 2^31); an id that does not fit is
 * a catalog bug, reported as a failure.
 */
public interface ShareResolver {

  /** Marks a file that cannot be matched to a track (no artist or no title). */
  int NO_TRACK = -1;

  /**
   * Resolves files, keeping their order.
   *
   * @return one track id per file, {@link #NO_TRACK} for files without artist
   *     or title; completes exceptionally with
   *     {@link io.constellation.common.catalog.CatalogUnavailableException}
   *     when the catalog cannot be reached
   */
  CompletableFuture<int[]> resolve(List<SharedFile> files);

  /**
   * Resolves files given as their UTF-8 bytes (how the server receives them), keeping
   * their order; the same answers as {@link #resolve(List)}. Implementations on the login
   * path override this to resolve without decoding the strings; this default decodes them.
   */
  default CompletableFuture<int[]> resolve(FileBatch files) {
    return resolve(files.toSharedFiles());
  }
}
