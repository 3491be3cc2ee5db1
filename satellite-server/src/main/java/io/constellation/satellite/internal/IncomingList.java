package io.constellation.satellite.internal;

/**
 * A share list being received, chunk by chunk: the files resolved so far (not counted
 * anywhere yet) and the tallies its ShareAck will report. Exists only between the first
 * and the last chunk; owned by one connection, on its event loop.
 */
final class IncomingList {

    final ShareSet files;
    /** The chunk_index the next chunk must carry. */
    int nextChunk;
    /** Files sent in the chunks so far, matched or not: bounded by max_shared_files. */
    int filesSent;
    int accepted;
    int rejected;

    /** @param expectedFiles files the list probably has (its first chunk's): sizes the set */
    IncomingList(int expectedFiles) {
        files = new ShareSet(expectedFiles);
    }
}
