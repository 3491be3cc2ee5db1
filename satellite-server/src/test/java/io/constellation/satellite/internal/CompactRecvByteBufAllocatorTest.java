package io.constellation.satellite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The read buffer sizes a channel's handle picks, driven the way a transport's read loop drives it. */
class CompactRecvByteBufAllocatorTest {

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final ChannelConfig config = channel.config();
    private final RecvByteBufAllocator.ExtendedHandle handle =
            (RecvByteBufAllocator.ExtendedHandle) new CompactRecvByteBufAllocator(64, 2048, 65536, 4).newHandle();

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    /** One read loop whose reads return {@code sizes} bytes; returns whether it would go on after the last. */
    private boolean loop(int... sizes) {
        handle.reset(config);
        boolean more = true;
        for (int bytes : sizes) {
            ByteBuf buf = handle.allocate(UnpooledByteBufAllocator.DEFAULT);
            handle.attemptedBytesRead(buf.writableBytes());
            handle.lastBytesRead(Math.min(bytes, buf.writableBytes()));
            buf.release();
            handle.incMessagesRead(1);
            more = handle.continueReading();
        }
        handle.readComplete();
        return more;
    }

    @Test
    void startsAtTheInitialSizeAndGrowsFourfoldOnEveryFullReadUpToTheMaximum() {
        assertEquals(2048, handle.guess());
        loop(1 << 20);
        assertEquals(8192, handle.guess());
        loop(1 << 20);
        loop(1 << 20);
        assertEquals(65536, handle.guess(), "capped at the maximum");
        loop(1 << 20);
        assertEquals(65536, handle.guess());
    }

    @Test
    void idleTrafficShrinksItToTheMinimumAfterTwoSmallLoopsEachStep() {
        loop(20);
        assertEquals(2048, handle.guess(), "one small loop is not enough");
        loop(20);
        assertEquals(1024, handle.guess());
        for (int i = 0; i < 20; i++) {
            loop(20);
        }
        assertEquals(64, handle.guess(), "never below the minimum");
    }

    @Test
    void aLoopThatUsesMoreThanAQuarterOfTheBufferKeepsItsSize() {
        loop(20);
        loop(600);
        loop(20);
        assertEquals(2048, handle.guess(), "the small loops were not consecutive");
    }

    @Test
    void readingGoesOnOnlyWhileReadsFillTheBufferAndTheLoopHasReadsLeft() {
        handle.reset(config);
        handle.attemptedBytesRead(2048);
        handle.lastBytesRead(2048);
        handle.incMessagesRead(1);
        assertTrue(handle.continueReading(), "a full read: maybe more");
        assertFalse(handle.continueReading(() -> false), "the transport says the socket is empty");
        handle.attemptedBytesRead(8192);
        handle.lastBytesRead(100);
        assertFalse(handle.continueReading(), "a partial read: the socket is empty");
        assertFalse(loop(1 << 20, 1 << 20, 1 << 20, 1 << 20), "four reads per loop at most");
        handle.reset(config);
        handle.attemptedBytesRead(0);
        handle.lastBytesRead(0);
        assertFalse(handle.continueReading(), "nothing read");
    }

    @Test
    void readingStopsWhenAutoReadIsOff() {
        config.setAutoRead(false);
        handle.reset(config);
        handle.attemptedBytesRead(2048);
        handle.lastBytesRead(2048);
        assertFalse(handle.continueReading());
    }

    @Test
    void sizesThatAreNotPowersOfTwoInOrderAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CompactRecvByteBufAllocator(64, 2000, 65536, 16));
        assertThrows(IllegalArgumentException.class, () -> new CompactRecvByteBufAllocator(4096, 2048, 65536, 16));
        assertThrows(IllegalArgumentException.class, () -> new CompactRecvByteBufAllocator(64, 2048, 65536, 0));
    }
}
