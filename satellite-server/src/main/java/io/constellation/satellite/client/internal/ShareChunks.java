package io.constellation.satellite.client.internal;

import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a share list into ShareList chunks that respect both of the server's limits:
 * files per chunk and bytes per frame. Always at least one chunk, so an empty list is sent
 * (and acknowledged) too.
 */
public final class ShareChunks {

    /** Room left in a frame for the chunk's own fields (index, last flag, tags). */
    private static final int CHUNK_OVERHEAD_BYTES = 32;

    private ShareChunks() {
    }

    public static List<ShareList> split(List<SharedFile> files, int maxFilesPerChunk, int maxFrameBytes) {
        List<ShareList> chunks = new ArrayList<>();
        ShareList.Builder chunk = ShareList.newBuilder().setChunkIndex(0);
        int bytes = CHUNK_OVERHEAD_BYTES;
        for (SharedFile file : files) {
            int size = file.getSerializedSize();
            int fileBytes = 1 + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
            if (chunk.getFilesCount() > 0
                    && (chunk.getFilesCount() == maxFilesPerChunk || bytes + fileBytes > maxFrameBytes)) {
                chunks.add(chunk.build());
                chunk = ShareList.newBuilder().setChunkIndex(chunks.size());
                bytes = CHUNK_OVERHEAD_BYTES;
            }
            chunk.addFiles(file);
            bytes += fileBytes;
        }
        chunks.add(chunk.setLast(true).build());
        return chunks;
    }
}
