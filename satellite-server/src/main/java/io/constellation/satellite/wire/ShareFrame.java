package io.constellation.satellite.wire;

import com.google.protobuf.MessageLite;
import io.constellation.proto.satellite.v1.ShareDelta;
import io.constellation.proto.satellite.v1.ShareList;
import java.util.ArrayList;
import java.util.List;

/**
 * A ShareList chunk or a ShareDelta as the server's codec passes it on, in place of a
 * ClientMessage: its files as a {@link FileBatch} (bytes, not message objects). Every
 * string in it is valid UTF-8; the limits (counts, lengths) are the receiver's to check.
 * Immutable; any thread.
 */
public final class ShareFrame {

    private final boolean delta;
    private final int chunkIndex;
    private final boolean last;
    private final FileBatch files;
    private final FileBatch removedPaths;

    private ShareFrame(boolean delta, int chunkIndex, boolean last, FileBatch files, FileBatch removedPaths) {
        this.delta = delta;
        this.chunkIndex = chunkIndex;
        this.last = last;
        this.files = files;
        this.removedPaths = removedPaths;
    }

    /** A ShareList chunk. */
    static ShareFrame list(int chunkIndex, boolean last, FileBatch files) {
        return new ShareFrame(false, chunkIndex, last, files, null);
    }

    /** A ShareDelta; {@code removedPaths} holds one file a removed path, with only its path set. */
    static ShareFrame delta(FileBatch added, FileBatch removedPaths) {
        return new ShareFrame(true, 0, false, added, removedPaths);
    }

    /** The same as a message the generic parser read. */
    public static ShareFrame of(ShareList list) {
        return list(list.getChunkIndex(), list.getLast(), FileBatch.of(list.getFilesList()));
    }

    /** The same as a message the generic parser read. */
    public static ShareFrame of(ShareDelta delta) {
        return delta(FileBatch.of(delta.getAddedList()), FileBatch.ofPaths(delta.getRemovedPathsList()));
    }

    /** True for a ShareDelta, false for a ShareList chunk. */
    public boolean isDelta() {
        return delta;
    }

    /** A ShareList's chunk_index; 0 for a delta. */
    public int chunkIndex() {
        return chunkIndex;
    }

    /** A ShareList's {@code last}; false for a delta. */
    public boolean last() {
        return last;
    }

    /** A ShareList's files or a ShareDelta's added files. */
    public FileBatch files() {
        return files;
    }

    /** A ShareDelta's removed paths, as files with only a path; empty for a ShareList. */
    public FileBatch removedPaths() {
        return removedPaths == null ? FileBatch.EMPTY : removedPaths;
    }

    /** The same frame as a protobuf message (unknown fields dropped): for tests and comparisons. */
    public MessageLite toMessage() {
        if (!delta) {
            return ShareList.newBuilder().setChunkIndex(chunkIndex).setLast(last)
                    .addAllFiles(files.toSharedFiles()).build();
        }
        List<String> removed = new ArrayList<>();
        for (int i = 0; i < removedPaths().size(); i++) {
            removed.add(removedPaths().path(i));
        }
        return ShareDelta.newBuilder().addAllAdded(files.toSharedFiles()).addAllRemovedPaths(removed).build();
    }
}
