package io.constellation.satellite.internal;

import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.ShareDelta;
import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.internal.SatelliteMetrics.ResolveFailure;
import io.constellation.satellite.share.ShareResolver;
import io.constellation.satellite.wire.WireLimits;
import java.util.List;
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
    static void onShareList(ConnectionHandler c, ShareList chunk) {
        SatelliteServerConfig config = c.server().config;
        IncomingList list = c.incoming();
        int expected = list == null ? 0 : list.nextChunk;
        if (chunk.getChunkIndex() != expected) {
            c.violation(ErrorCode.PROTOCOL_VIOLATION,
                    "ShareList chunk " + chunk.getChunkIndex() + " out of order: expected chunk " + expected);
            return;
        }
        int n = chunk.getFilesCount();
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
        if (!filesValid(c, chunk.getFilesList())) {
            return;
        }
        if (list == null) {
            list = new IncomingList(n);
            c.incoming(list);
        }
        list.nextChunk++;
        list.filesSent = sent;
        IncomingList receiving = list;
        c.resolve(resolve(c, chunk.getFilesList()), (tracks, failure) -> chunkResolved(c, receiving, chunk, tracks, failure));
    }

    private static void chunkResolved(ConnectionHandler c, IncomingList list, ShareList chunk, int[] tracks,
            Throwable failure) {
        if (c.state() != ConnectionState.RESOLVING) {
            return; // closed while the resolver worked
        }
        if (!resolvedWell(c, chunk.getFilesCount(), tracks, failure)) {
            return;
        }
        char[] scratch = new char[PathHash.SCRATCH_CHARS]; // one buffer for the chunk's paths, not one a file
        for (int i = 0; i < tracks.length; i++) {
            list.files.put(PathHash.of(chunk.getFiles(i).getPath(), scratch), tracks[i]);
            if (tracks[i] >= 0) {
                list.accepted++;
            } else {
                list.rejected++;
            }
        }
        if (!chunk.getLast()) {
            c.resolved(Event.RESOLVED_CHUNK);
            return;
        }
        c.replaceShares(list.files);
        c.incoming(null);
        c.send(Replies.shareAck(list.accepted, list.rejected, c.sharedFiles(), c.sharedTracks()));
        c.resolved(Event.RESOLVED_DONE);
    }

    /** A ShareDelta, in ONLINE. */
    static void onShareDelta(ConnectionHandler c, ShareDelta delta) {
        SatelliteServerConfig config = c.server().config;
        int added = delta.getAddedCount();
        int removed = delta.getRemovedPathsCount();
        if (added + removed > config.maxFilesPerChunk()) {
            c.violation(ErrorCode.TOO_MANY_FILES, "delta of " + (added + removed) + " files and paths; at most "
                    + config.maxFilesPerChunk());
            return;
        }
        if (!filesValid(c, delta.getAddedList())) {
            return;
        }
        long[] removedPaths = new long[removed];
        for (int i = 0; i < removed; i++) {
            String path = delta.getRemovedPaths(i);
            if (WireLimits.utf8Length(path) > WireLimits.MAX_PATH_BYTES) {
                c.violation(ErrorCode.INVALID_FIELD, "removed path " + i + " over " + WireLimits.MAX_PATH_BYTES + " bytes");
                return;
            }
            removedPaths[i] = PathHash.of(path);
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
        c.resolve(resolve(c, delta.getAddedList()),
                (tracks, failure) -> deltaResolved(c, delta, removedPaths, tracks, failure));
    }

    private static void deltaResolved(ConnectionHandler c, ShareDelta delta, long[] removedPaths, int[] tracks,
            Throwable failure) {
        if (c.state() != ConnectionState.RESOLVING) {
            return;
        }
        if (!resolvedWell(c, delta.getAddedCount(), tracks, failure)) {
            return;
        }
        long[] addedPaths = new long[tracks.length];
        int accepted = 0;
        char[] scratch = new char[PathHash.SCRATCH_CHARS];
        for (int i = 0; i < tracks.length; i++) {
            addedPaths[i] = PathHash.of(delta.getAdded(i).getPath(), scratch);
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

    private static CompletableFuture<int[]> resolve(ConnectionHandler c, List<SharedFile> files) {
        if (files.isEmpty()) {
            return CompletableFuture.completedFuture(NO_TRACKS);
        }
        try {
            return c.server().resolver.resolve(files);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean filesValid(ConnectionHandler c, List<SharedFile> files) {
        for (int i = 0; i < files.size(); i++) {
            String problem = WireLimits.checkFile(files.get(i));
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
