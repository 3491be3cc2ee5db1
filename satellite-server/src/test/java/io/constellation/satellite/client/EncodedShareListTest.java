package io.constellation.satellite.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.wire.WireLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedShareListTest {

    private static SharedFile file(String path, String title) {
        return SharedFile.newBuilder().setPath(path).setArtist("Artist").setTitle(title).build();
    }

    private static List<SharedFile> files(int n) {
        List<SharedFile> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(file("/music/" + i + ".mp3", "Title " + i));
        }
        return files;
    }

    /** The ShareList chunks in {@code frames}, each checked to be a whole length-prefixed frame. */
    private static List<ShareList> decode(ByteBuf frames) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(ByteBufUtil.getBytes(frames));
        List<ShareList> chunks = new ArrayList<>();
        while (!in.isAtEnd()) {
            int size = in.readUInt32();
            ClientMessage m = ClientMessage.parseFrom(in.readRawBytes(size));
            chunks.add(m.getShareList());
        }
        return chunks;
    }

    @Test
    void theSameLimitsGiveTheSameEncodedBytesWithoutEncodingAgain() {
        EncodedShareList list = EncodedShareList.of(files(300));
        ByteBuf first = list.frames(500, 1 << 20, 20_000);
        assertSame(first, list.frames(500, 1 << 20, 20_000));
    }

    @Test
    void theFramesAreDirectAndSendingADuplicateLeavesThemWhole() throws IOException {
        EncodedShareList list = EncodedShareList.of(files(300));
        ByteBuf frames = list.frames(100, 1 << 20, 20_000);
        assertTrue(frames.isDirect());
        int size = frames.readableBytes();
        ByteBuf sent = frames.duplicate();
        sent.skipBytes(size); // what a socket write does with it
        sent.release();        // what the channel does once it is written
        assertEquals(size, frames.readableBytes());
        assertEquals(3, decode(list.frames(100, 1 << 20, 20_000)).size());
    }

    @Test
    void otherLimitsEncodeAgain() throws IOException {
        EncodedShareList list = EncodedShareList.of(files(300));
        ByteBuf oneChunk = list.frames(500, 1 << 20, 20_000);
        ByteBuf chunksOf100 = list.frames(100, 1 << 20, 20_000);
        assertNotSame(oneChunk, chunksOf100);
        assertEquals(1, decode(oneChunk).size());
        assertEquals(3, decode(chunksOf100).size());
        assertEquals(200, decode(list.frames(500, 1 << 20, 200)).get(0).getFilesCount());
    }

    @Test
    void theFramesCarryEveryFileInOrderInNumberedChunksTheLastMarked() throws IOException {
        List<SharedFile> files = files(250);
        List<ShareList> chunks = decode(EncodedShareList.of(files).frames(100, 1 << 20, 20_000));
        List<SharedFile> sent = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(i, chunks.get(i).getChunkIndex());
            assertEquals(i == chunks.size() - 1, chunks.get(i).getLast());
            sent.addAll(chunks.get(i).getFilesList());
        }
        assertEquals(files, sent);
    }

    @Test
    void anEmptyListIsOneEmptyLastChunk() throws IOException {
        List<ShareList> chunks = decode(EncodedShareList.of(List.of()).frames(100, 1 << 20, 20_000));
        assertEquals(1, chunks.size());
        assertTrue(chunks.get(0).getLast());
        assertEquals(0, chunks.get(0).getFilesCount());
    }

    @Test
    void aLaterFileOfAPathTakesTheEarlierOnesPlace() {
        EncodedShareList list = EncodedShareList.of(List.of(file("/a", "1"), file("/b", "2"), file("/a", "3")));
        assertEquals(List.of(file("/a", "3"), file("/b", "2")), list.files());
    }

    @Test
    void filesOverTheFieldLimitsAreLeftOutAndCounted() {
        SharedFile tooLong = file("/long", "x".repeat(WireLimits.MAX_TAG_CHARS + 1));
        EncodedShareList list = EncodedShareList.of(List.of(file("/a", "1"), tooLong));
        assertEquals(List.of(file("/a", "1")), list.files());
        assertEquals(1, list.rejected());
    }
}
