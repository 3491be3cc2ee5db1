package io.constellation.satellite.internal;

import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.internal.SatelliteMetrics.ResolveFailure;
import io.constellation.satellite.share.ShareResolver;
import io.constellation.satellite.wire.FileBatch;
import io.constellation.satellite.wire.ShareFrame;
import io.constellation.satellite.wire.WireLimits;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's share lists and deltas: checks them against the limits, has their files
 * resolved to tracks, applies the result to the session's {@link ShareSet} and answers
 * with a ShareAck. Stateless; the state is the connection's. Runs on its event loop.
 */
final class ShareIntake {

    private static final Logger log = LoggerFactory.getLogger(ShareIntake.class);
    private static final int[] NO_TRACKS = new int[0];

    private ShareIntake() {
    }

    /** A ShareList chunk, in ONLINE (the first chunk) or RECEIVING_LIST (the next ones). */
    static void onShareList(ConnectionHandler c, ShareFrame chunk) {
        SatelliteServerConfig config = c.server().config;
        IncomingList list = c.incoming();
        int expected = list == null ? 0 : list.nextChunk;
        if (chunk.chunkIndex() != expected) {
            c.violation(ErrorCode.PROTOCOL_VIOLATION,
                    "ShareList chunk " + chunk.chunkIndex() + " out of order: expected chunk " + expected);
            return;
        }
        FileBatch files = chunk.files();
        int n = files.size();
        if (n > config.maxFilesPerChunk()) {
            c.violation(ErrorCode.TOO_MANY_FILES,
                    "chunk of " + n + " files; at most " + config.maxFilesPerChunk() + " per chunk");
            return;
        }
        int sent = (list == null ? 0 : list.filesSent) + n;
        if (sent > config.maxSharedFiles()) {
            c.violation(ErrorCode.TOO_MANY_FILES,
                    "share list of more than " + config.maxSharedFiles() + " files");
            return;
        }
        if (!filesValid(c, files)) {
            return;
        }
        if (list == null) {
            list = new IncomingList(n);
            c.incoming(list);
        }
        list.nextChunk++;
        list.filesSent = sent;
        IncomingList receiving = list;
        c.resolve(resolve(c, files), (tracks, failure) -> chunkResolved(c, receiving, chunk, tracks, failure));
    }

    private static void chunkResolved(ConnectionHandler c, IncomingList list, ShareFrame chunk, int[] tracks,
            Throwable failure) {
        if (c.state() != ConnectionState.RESOLVING) {
            return; // closed while the resolver worked
        }
        FileBatch files = chunk.files();
        if (!resolvedWell(c, files.size(), tracks, failure)) {
            return;
        }
        for (int i = 0; i < tracks.length; i++) {
            list.files.put(PathHash.of(files, i), tracks[i]);
            if (tracks[i] >= 0) {
                list.accepted++;
            } else {
                list.rejected++;
            }
        }
        if (!chunk.last()) {
            c.resolved(Event.RESOLVED_CHUNK);
            return;
        }
        c.replaceShares(list.files);
        c.incoming(null);
        c.send(Replies.shareAck(list.accepted, list.rejected, c.sharedFiles(), c.sharedTracks()));
        c.resolved(Event.RESOLVED_DONE);
    }

    /** A ShareDelta, in ONLINE. */
    static void onShareDelta(ConnectionHandler c, ShareFrame delta) {
        SatelliteServerConfig config = c.server().config;
        FileBatch addedFiles = delta.files();
        FileBatch removedFiles = delta.removedPaths();
        int added = addedFiles.size();
        int removed = removedFiles.size();
        if (added + removed > config.maxFilesPerChunk()) {
            c.violation(ErrorCode.TOO_MANY_FILES, "delta of " + (added + removed) + " files and paths; at most "
                    + config.maxFilesPerChunk());
            return;
        }
        if (!filesValid(c, addedFiles)) {
            return;
        }
        long[] removedPaths = new long[removed];
        for (int i = 0; i < removed; i++) {
            if (removedFiles.pathLength(i) > WireLimits.MAX_PATH_BYTES) {
                c.violation(ErrorCode.INVALID_FIELD, "removed path " + i + " over " + WireLimits.MAX_PATH_BYTES + " bytes");
                return;
            }
            removedPaths[i] = PathHash.of(removedFiles, i);
        }
        ShareSet shares = c.shares();
        // An upper bound of the files after the delta (an added path already shared counts
        // twice), checked before any catalog work is spent on it.
        long atMost = (long) shares.files() - shares.countPresent(removedPaths) + added;
        if (atMost > config.maxSharedFiles()) {
            c.violation(ErrorCode.TOO_MANY_FILES, "the delta would take the share list over "
                    + config.maxSharedFiles() + " files");
            return;
        }
        c.resolve(resolve(c, addedFiles),
                (tracks, failure) -> deltaResolved(c, addedFiles, removedPaths, tracks, failure));
    }

    private static void deltaResolved(ConnectionHandler c, FileBatch added, long[] removedPaths, int[] tracks,
            Throwable failure) {
        if (c.state() != ConnectionState.RESOLVING) {
            return;
        }
        if (!resolvedWell(c, added.size(), tracks, failure)) {
            return;
        }
        long[] addedPaths = new long[tracks.length];
        int accepted = 0;
        for (int i = 0; i < tracks.length; i++) {
            addedPaths[i] = PathHash.of(added, i);
            if (tracks[i] >= 0) {
                accepted++;
            }
        }
        ShareSet shares = c.shares();
        int before = shares.files();
        shares.apply(removedPaths, removedPaths.length, addedPaths, tracks, tracks.length, c.server().counts);
        c.server().metrics.sharedFiles(shares.files() - before);
        c.send(Replies.shareAck(accepted, tracks.length - accepted, shares.files(), shares.tracks()));
        c.resolved(Event.RESOLVED_DONE);
    }

    private static CompletableFuture<int[]> resolve(ConnectionHandler c, FileBatch files) {
        if (files.size() == 0) {
            return CompletableFuture.completedFuture(NO_TRACKS);
        }
        try {
            return c.server().resolver.resolve(files);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean filesValid(ConnectionHandler c, FileBatch files) {
        for (int i = 0; i < files.size(); i++) {
            String problem = WireLimits.checkFile(files, i);
            if (problem != null) {
                c.violation(ErrorCode.INVALID_FIELD, "file " + i + ": " + problem);
                return false;
            }
        }
        return true;
    }

    private static boolean resolvedWell(ConnectionHandler c, int files, int[] tracks, Throwable failure) {
        SatelliteMetrics metrics = c.server().metrics;
        if (failure instanceof CatalogUnavailableException) {
            metrics.resolveFailure(ResolveFailure.UNAVAILABLE);
            c.closeWithError(ErrorCode.SERVER_BUSY, "the catalog is unavailable; try again later",
                    c.server().busyRetryMillis);
            return false;
        }
        if (failure != null || tracks == null || tracks.length != files) {
            metrics.resolveFailure(ResolveFailure.ERROR);
            log.warn("c{} resolving {} files failed{}", c.id(), files,
                    failure == null ? ": " + (tracks == null ? "no answer" : tracks.length + " track ids") : "", failure);
            c.closeWithError(ErrorCode.INTERNAL, "the server could not match the files; try again later",
                    c.server().busyRetryMillis);
            return false;
        }
        for (int track : tracks) {
            if (track < 0 && track != ShareResolver.NO_TRACK) {
                metrics.resolveFailure(ResolveFailure.ERROR);
                log.warn("c{} resolver answered track id {}", c.id(), track);
                c.closeWithError(ErrorCode.INTERNAL, "the server could not match the files; try again later",
                        c.server().busyRetryMillis);
                return false;
            }
        }
        return true;
    }
}
