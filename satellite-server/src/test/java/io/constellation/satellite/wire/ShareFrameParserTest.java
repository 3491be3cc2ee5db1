package io.constellation.satellite.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.Heartbeat;
import io.constellation.proto.satellite.v1.ShareDelta;
import io.constellation.proto.satellite.v1.ShareList;
import io.constellation.proto.satellite.v1.SharedFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The hand-written share frame reader against protobuf's generated parser: on every
 * input, either the reader steps aside (null) or it reads what protobuf reads; and it
 * never accepts what protobuf refuses.
 */
class ShareFrameParserTest {

    private static final String[] WORDS = {"", "a", "Björk", "Sigur Rós", "東京事変", "🎵 emoji 🎶", "AC/DC",
        "a fairly long title that takes more than eight bytes", "x".repeat(300), "é".repeat(200)};

    @Test
    void readsGeneratedShareListsAsProtobufDoes() throws IOException {
        Random random = new Random(1);
        for (int round = 0; round < 2_000; round++) {
            ClientMessage m = ClientMessage.newBuilder().setShareList(randomList(random)).build();
            assertSameAsProtobuf(m.toByteArray(), true);
        }
    }

    @Test
    void readsGeneratedShareDeltasAsProtobufDoes() throws IOException {
        Random random = new Random(2);
        for (int round = 0; round < 2_000; round++) {
            ShareDelta.Builder d = ShareDelta.newBuilder();
            for (int i = random.nextInt(5); i > 0; i--) {
                d.addAdded(randomFile(random));
            }
            for (int i = random.nextInt(5); i > 0; i--) {
                d.addRemovedPaths(word(random) + "/" + word(random));
            }
            assertSameAsProtobuf(ClientMessage.newBuilder().setShareDelta(d).build().toByteArray(), true);
        }
    }

    @Test
    void skipsUnknownFieldsOfEveryPlainWireTypeAsProtobufDoes() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        CodedOutputStream f = CodedOutputStream.newInstance(file);
        f.writeString(1, "/music/a.mp3");
        f.writeUInt64(15, 123_456_789_012L); // unknown varint
        f.writeFixed32(16, 7); // unknown fixed32
        f.writeString(4, "Artist");
        f.writeFixed64(17, -1); // unknown fixed64
        f.writeBytes(18, ByteString.copyFrom(new byte[] {(byte) 0xC0, 0})); // unknown bytes: not checked as UTF-8
        f.writeUInt32(5, 9); // title with the wrong wire type: unknown to protobuf too
        f.writeString(5, "Title");
        f.writeString(4, "Artist, again"); // a repeated scalar: the last one wins
        f.flush();
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        CodedOutputStream l = CodedOutputStream.newInstance(list);
        l.writeUInt32(1, 3);
        l.writeBytes(3, ByteString.copyFrom(file.toByteArray()));
        l.writeUInt64(9, 1);
        l.writeBool(2, true);
        l.writeBytes(3, ByteString.copyFrom(file.toByteArray()));
        l.writeUInt32(1, 4);
        l.flush();
        byte[] frame = clientMessage(3, list.toByteArray());
        ShareFrame read = assertSameAsProtobuf(frame, true);
        assertEquals(4, read.chunkIndex());
        assertEquals(2, read.files().size());
        assertEquals("Artist, again", read.files().artist(1));
        assertEquals("Title", read.files().title(0));
    }

    @Test
    void leavesGroupsAndOtherLayoutsToProtobuf() throws IOException {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        CodedOutputStream l = CodedOutputStream.newInstance(list);
        l.writeTag(9, 3); // start group
        l.writeUInt32(1, 5);
        l.writeTag(9, 4); // end group
        l.flush();
        assertNull(ShareFrameParser.parse(clientMessage(3, list.toByteArray())));
        assertSameAsProtobuf(clientMessage(3, list.toByteArray()), false);
        // Two bodies: protobuf merges or replaces, so the reader steps aside.
        byte[] twice = concat(clientMessage(3, new byte[0]), clientMessage(3, new byte[] {8, 1}));
        assertNull(ShareFrameParser.parse(twice));
        assertNull(ShareFrameParser.parse(ClientMessage.newBuilder()
                .setHeartbeat(Heartbeat.getDefaultInstance()).build().toByteArray()));
        assertNull(ShareFrameParser.parse(new byte[0]));
    }

    @Test
    void refusesEveryMalformedString() throws IOException {
        byte[][] malformed = {
            {(byte) 0xC0, (byte) 0x80}, // overlong NUL
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // over U+10FFFF
            {(byte) 0xE2, (byte) 0x82}, // truncated
            {(byte) 0x80}, // a lone continuation byte
            {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', (byte) 0xFF}, // after a run of ASCII
        };
        for (byte[] bad : malformed) {
            for (int field : new int[] {1, 4, 5, 6}) {
                ByteArrayOutputStream file = new ByteArrayOutputStream();
                CodedOutputStream f = CodedOutputStream.newInstance(file);
                f.writeBytes(field, ByteString.copyFrom(bad));
                f.flush();
                ByteArrayOutputStream list = new ByteArrayOutputStream();
                CodedOutputStream l = CodedOutputStream.newInstance(list);
                l.writeBytes(3, ByteString.copyFrom(file.toByteArray()));
                l.flush();
                byte[] frame = clientMessage(3, list.toByteArray());
                assertNull(ShareFrameParser.parse(frame), Arrays.toString(bad));
                assertThrows(InvalidProtocolBufferException.class, () -> ClientMessage.parseFrom(frame));
            }
            byte[] delta = clientMessage(4, concat(new byte[] {0x12, (byte) bad.length}, bad));
            assertNull(ShareFrameParser.parse(delta));
            assertThrows(InvalidProtocolBufferException.class, () -> ClientMessage.parseFrom(delta));
        }
    }

    /** Random bytes changed, added, removed and cut in valid frames: the reader never disagrees with protobuf. */
    @Test
    void fuzzedFramesAreReadAsProtobufReadsThemOrLeftToIt() throws IOException {
        Random random = new Random(3);
        int accepted = 0;
        for (int round = 0; round < 20_000; round++) {
            ClientMessage m = random.nextBoolean()
                    ? ClientMessage.newBuilder().setShareList(randomList(random)).build()
                    : ClientMessage.newBuilder().setShareDelta(ShareDelta.newBuilder().addAdded(randomFile(random))
                            .addRemovedPaths(word(random))).build();
            byte[] frame = mutate(m.toByteArray(), random);
            if (assertSameAsProtobuf(frame, false) != null) {
                accepted++;
            }
        }
        assertTrue(accepted > 1_000, "some mutated frames are still valid: " + accepted);
    }

    /**
     * Parses with both; answers the reader's frame. Where the reader reads a frame, protobuf
     * must read the same; where protobuf refuses one, the reader must step aside.
     */
    private static ShareFrame assertSameAsProtobuf(byte[] frame, boolean mustRead) {
        ShareFrame fast = ShareFrameParser.parse(frame);
        ClientMessage slow;
        try {
            slow = ClientMessage.parseFrom(frame);
        } catch (InvalidProtocolBufferException e) {
            assertNull(fast, "the reader accepted a frame protobuf refuses: " + e.getMessage() + ": "
                    + HexFormat.of().formatHex(frame));
            return null;
        }
        if (mustRead) {
            assertNotNull(fast, "a plain share frame left to protobuf: " + HexFormat.of().formatHex(frame));
        }
        if (fast != null) {
            Object expected = switch (slow.getBodyCase()) {
                case SHARE_LIST -> ShareFrame.of(slow.getShareList()).toMessage();
                case SHARE_DELTA -> ShareFrame.of(slow.getShareDelta()).toMessage();
                default -> slow;
            };
            assertEquals(expected, fast.toMessage());
        }
        return fast;
    }

    private static byte[] mutate(byte[] frame, Random random) {
        byte[] b = frame.clone();
        switch (random.nextInt(5)) {
            case 0 -> b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            case 1 -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8));
            case 2 -> b = Arrays.copyOf(b, random.nextInt(b.length));
            case 3 -> {
                int at = random.nextInt(b.length);
                byte[] c = new byte[b.length + 1];
                System.arraycopy(b, 0, c, 0, at);
                c[at] = (byte) random.nextInt(256);
                System.arraycopy(b, at, c, at + 1, b.length - at);
                b = c;
            }
            default -> {
                // A byte of a string turned into a non-ASCII one: UTF-8 validity at stake.
                b[random.nextInt(b.length)] = (byte) (0x80 | random.nextInt(128));
            }
        }
        return b;
    }

    private static ShareList randomList(Random random) {
        ShareList.Builder l = ShareList.newBuilder().setChunkIndex(random.nextInt(3) == 0 ? -random.nextInt(9) : random.nextInt(9))
                .setLast(random.nextBoolean());
        for (int i = random.nextInt(6); i > 0; i--) {
            l.addFiles(randomFile(random));
        }
        return l.build();
    }

    private static SharedFile randomFile(Random random) {
        byte[] hash = new byte[random.nextInt(3) == 0 ? 0 : 1 + random.nextInt(70)];
        random.nextBytes(hash);
        return SharedFile.newBuilder().setPath("/m/" + word(random)).setSizeBytes(random.nextLong())
                .setContentHash(ByteString.copyFrom(hash)).setArtist(word(random)).setTitle(word(random))
                .setAlbum(word(random)).build();
    }

    private static String word(Random random) {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static byte[] clientMessage(int field, byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream c = CodedOutputStream.newInstance(out);
        c.writeBytes(field, ByteString.copyFrom(body));
        c.flush();
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
