package io.constellation.satellite.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.Hello;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.Welcome;
import io.constellation.satellite.testing.Frames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The frame decoder and the message codec on EmbeddedChannels. */
class FrameCodecTest {

    /** The byte-level example of satellite.proto: Hello(protocol_version 1, client_name "ag"). */
    private static final byte[] PROTO_EXAMPLE = HexFormat.ofDelimiter(" ").parseHex("08 0a 06 08 01 12 02 61 67");

    private static final int MAX_FRAME = 1024;

    private final EmbeddedChannel channel = new EmbeddedChannel(
            new FrameDecoder(MAX_FRAME, FrameObserver.NONE),
            MessageCodec.server(FrameObserver.NONE));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void decodesTheByteLevelExampleOfTheProtoFileExactly() {
        channel.writeInbound(Unpooled.wrappedBuffer(PROTO_EXAMPLE));
        ClientMessage m = channel.readInbound();
        assertEquals(ClientMessage.newBuilder()
                .setHello(Hello.newBuilder().setProtocolVersion(1).setClientName("ag")).build(), m);
        assertNull(channel.readInbound());
    }

    @Test
    void encodesTheByteLevelExampleOfTheProtoFileExactly() {
        EmbeddedChannel out = new EmbeddedChannel(MessageCodec.client(FrameObserver.NONE));
        out.writeOutbound(ClientMessage.newBuilder()
                .setHello(Hello.newBuilder().setProtocolVersion(1).setClientName("ag")).build());
        ByteBuf frame = out.readOutbound();
        assertArrayEquals(PROTO_EXAMPLE, ByteBufUtil.getBytes(frame));
        frame.release();
        assertFalse(out.finishAndReleaseAll());
    }

    @Test
    void aFrameDribbledOneByteAtATimeDecodesOnceComplete() {
        byte[] bytes = Frames.frame(Frames.login("alice", "secret"));
        for (int i = 0; i < bytes.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[i]}));
            assertNull(channel.readInbound(), "nothing before the last byte, at byte " + i);
        }
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {bytes[bytes.length - 1]}));
        assertEquals(Frames.login("alice", "secret"), channel.readInbound());
    }

    @Test
    void betweenFramesTheDecoderHoldsNoBuffer() {
        byte[] bytes = Frames.frame(Frames.login("alice", "secret"));
        ByteBuf read = Unpooled.buffer(256).writeBytes(bytes, 0, bytes.length - 1);
        channel.writeInbound(read.retain());
        assertNull(channel.readInbound());
        assertEquals(2, read.refCnt(), "the incomplete frame is kept");

        ByteBuf last = Unpooled.buffer(1).writeByte(bytes[bytes.length - 1]);
        channel.writeInbound(last.retain());
        assertEquals(Frames.login("alice", "secret"), channel.readInbound());
        assertEquals(1, read.refCnt(), "once the frame is complete the decoder lets go of its bytes");
        assertEquals(1, last.refCnt());
        read.release();
        last.release();
    }

    @Test
    void aFrameSplitAcrossReadsThatFillTheirBuffersDecodes() {
        // Wrapped arrays have no room to grow: the second read cannot be appended in place.
        byte[] bytes = Frames.frame(Frames.heartbeat(7));
        ByteArrayOutputStream twoAndAHalf = new ByteArrayOutputStream();
        twoAndAHalf.writeBytes(bytes);
        twoAndAHalf.writeBytes(bytes);
        twoAndAHalf.write(bytes, 0, 2);
        channel.writeInbound(Unpooled.wrappedBuffer(twoAndAHalf.toByteArray()));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 2, bytes.length - 2));
        for (int i = 0; i < 3; i++) {
            ClientMessage m = channel.readInbound();
            assertEquals(7, m.getHeartbeat().getSentAtMs());
        }
        assertNull(channel.readInbound());
    }

    @Test
    void decodersOfOneFactoryAreSeparateButShareTheirLimits() {
        var decoders = FrameDecoder.perChannel(MAX_FRAME, FrameObserver.NONE);
        FrameDecoder one = decoders.get();
        assertTrue(one != decoders.get(), "a decoder keeps a partial frame: one per channel");
        EmbeddedChannel limited = new EmbeddedChannel(one);
        byte[] prefix = {(byte) 0x81, 0x08};
        WireException e = assertThrows(WireException.class,
                () -> limited.writeInbound(Unpooled.wrappedBuffer(prefix)));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
        limited.finishAndReleaseAll();
    }

    @Test
    void aHundredFramesInOneReadAllDecodeInOrder() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < 100; i++) {
            all.writeBytes(Frames.frame(Frames.heartbeat(i)));
        }
        channel.writeInbound(Unpooled.wrappedBuffer(all.toByteArray()));
        for (int i = 0; i < 100; i++) {
            ClientMessage m = channel.readInbound();
            assertEquals(i, m.getHeartbeat().getSentAtMs());
        }
        assertNull(channel.readInbound());
    }

    @Test
    void anOversizeFrameIsRefusedFromItsLengthPrefixAlone() {
        // Only the prefix of a 1025-byte frame arrives: refused before any body is buffered.
        byte[] prefix = {(byte) 0x81, 0x08};
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(prefix)));
        assertEquals(ErrorCode.FRAME_TOO_LARGE, e.code());
    }

    @Test
    void aFrameAtTheLimitIsAccepted() {
        ClientMessage big = ClientMessage.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(1).setClientName("x".repeat(1016))).build();
        assertEquals(MAX_FRAME, big.getSerializedSize());
        channel.writeInbound(Unpooled.wrappedBuffer(Frames.frame(big)));
        assertEquals(big, channel.readInbound());
    }

    @Test
    void bytesAfterAFailureAreDropped() {
        assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0xff, (byte) 0xff, 0x7f})));
        channel.writeInbound(Unpooled.wrappedBuffer(Frames.frame(Frames.heartbeat(1))));
        assertNull(channel.readInbound());
    }

    @Test
    void aLengthPrefixLongerThanFiveBytesIsMalformed() {
        byte[] sixBytes = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x00};
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(sixBytes)));
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
    }

    @Test
    void aLengthPrefixOverTwoToTheThirtyOneIsMalformedNotWrapped() {
        // 2^32 in five bytes would read as 0 if the top bits were dropped.
        byte[] twoToThe32 = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x10};
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(twoToThe32)));
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
    }

    @Test
    void garbageBytesAreMalformed() {
        byte[] garbage = {0x05, (byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, (byte) 0xff};
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(garbage)));
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
    }

    @Test
    void anEmptyFrameHasNoMessageAndIsMalformed() {
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {0x00})));
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
        assertTrue(e.getMessage().contains("without a message"), e.getMessage());
    }

    @Test
    void invalidUtf8InAStringFieldIsMalformed() {
        // ClientMessage{hello: Hello{client_name: ff fe}}: a proto3 string that is not UTF-8.
        byte[] message = {0x0a, 0x04, 0x12, 0x02, (byte) 0xff, (byte) 0xfe};
        WireException e = assertThrows(WireException.class,
                () -> channel.writeInbound(Unpooled.wrappedBuffer(Frames.frameOf(message))));
        assertEquals(ErrorCode.MALFORMED_FRAME, e.code());
        assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
    }

    @Test
    void aTruncatedFrameAtCloseYieldsNothingAndLeaksNothing() {
        byte[] bytes = Frames.frame(Frames.login("alice", "secret"));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes, 0, bytes.length - 3));
        assertFalse(channel.finish());
    }

    @Test
    void serverMessagesRoundTripThroughEncoderAndDecoder() {
        EmbeddedChannel out = new EmbeddedChannel(MessageCodec.server(FrameObserver.NONE));
        EmbeddedChannel in = new EmbeddedChannel(new FrameDecoder(MAX_FRAME, FrameObserver.NONE),
                MessageCodec.client(FrameObserver.NONE));
        ServerMessage welcome = ServerMessage.newBuilder().setWelcome(Welcome.newBuilder()
                .setProtocolVersion(1).setServerId("sat-1").setMaxFrameBytes(MAX_FRAME)).build();
        out.writeOutbound(welcome, welcome);
        ByteBuf a = out.readOutbound();
        ByteBuf b = out.readOutbound();
        in.writeInbound(Unpooled.wrappedBuffer(a, b));
        assertEquals(welcome, in.readInbound());
        assertEquals(welcome, in.readInbound());
        assertFalse(out.finishAndReleaseAll());
        assertFalse(in.finishAndReleaseAll());
    }

    @Test
    void utf8LengthCountsBytesWithoutEncoding() {
        assertEquals(2, WireLimits.utf8Length("ag"));
        assertEquals(8, WireLimits.utf8Length("Beyoncé"));
        assertEquals(3, WireLimits.utf8Length("€"));
        assertEquals(4, WireLimits.utf8Length("🎵"));
        assertEquals("Beyoncé🎵€".getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                WireLimits.utf8Length("Beyoncé🎵€"));
    }
}
