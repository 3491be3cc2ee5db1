package io.constellation.satellite.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Sizes each channel's read buffers to its traffic, in powers of two between a minimum and
 * a maximum, with a per-channel handle of 32 bytes (with compressed oops). Netty's
 * adaptive allocator keeps 112 bytes per channel for the same job (its handle, a size
 * calculator and a supplier object): at a million idle connections that is 80 MB.
 *
 * <p>Growth is immediate: a read that fills its buffer makes the next one four times
 * larger, so a share list of 64 KiB needs few reads. Shrinking is slow: two read loops in a
 * row whose last read used at most a quarter of the buffer halve it, so idle satellites
 * (heartbeats of a few dozen bytes) settle on the minimum without bouncing.
 *
 * <p>Immutable and shared by every channel; each handle is used on its channel's event loop.
 */
public final class CompactRecvByteBufAllocator implements RecvByteBufAllocator {

    private static final int GROW_SHIFT = 2;
    private static final int SMALL_READS_TO_SHRINK = 2;

    private final byte minShift;
    private final byte initialShift;
    private final byte maxShift;
    private final short maxMessagesPerRead;

    /**
     * @param minimum            smallest buffer, bytes; a power of two
     * @param initial            first buffer of a channel, bytes; a power of two in range
     * @param maximum            largest buffer, bytes; a power of two, at most 2^30
     * @param maxMessagesPerRead reads in one read loop at most, before other channels' turn
     */
    public CompactRecvByteBufAllocator(int minimum, int initial, int maximum, int maxMessagesPerRead) {
        if (!powerOfTwo(minimum) || !powerOfTwo(initial) || !powerOfTwo(maximum) || maximum > 1 << 30
                || minimum > initial || initial > maximum) {
            throw new IllegalArgumentException("read buffer sizes must be powers of two with minimum <= initial"
                    + " <= maximum <= 2^30: " + minimum + ", " + initial + ", " + maximum);
        }
        if (maxMessagesPerRead < 1 || maxMessagesPerRead > Short.MAX_VALUE) {
            throw new IllegalArgumentException("max messages per read must be 1 to 32767: " + maxMessagesPerRead);
        }
        this.minShift = shift(minimum);
        this.initialShift = shift(initial);
        this.maxShift = shift(maximum);
        this.maxMessagesPerRead = (short) maxMessagesPerRead;
    }

    @Override
    public Handle newHandle() {
        return new CompactHandle(this);
    }

    private static boolean powerOfTwo(int n) {
        return n > 0 && Integer.bitCount(n) == 1;
    }

    private static byte shift(int powerOfTwo) {
        return (byte) Integer.numberOfTrailingZeros(powerOfTwo);
    }

    /** One channel's read state: 12-byte header, two references, two ints, a short, two bytes. */
    private static final class CompactHandle implements ExtendedHandle {

        private final CompactRecvByteBufAllocator sizes;
        private ChannelConfig config;
        private int lastBytesRead;
        private int attemptedBytesRead;
        /** Reads in this loop; capped by maxMessagesPerRead, so a short. */
        private short messages;
        /** log2 of the next buffer's size. */
        private byte shift;
        /** Consecutive read loops that ended with a read of at most a quarter of the buffer. */
        private byte smallReads;

        CompactHandle(CompactRecvByteBufAllocator sizes) {
            this.sizes = sizes;
            this.shift = sizes.initialShift;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            return alloc.ioBuffer(guess());
        }

        @Override
        public int guess() {
            return 1 << shift;
        }

        @Override
        public void reset(ChannelConfig config) {
            this.config = config;
            messages = 0;
            lastBytesRead = 0;
        }

        @Override
        public void incMessagesRead(int n) {
            messages = (short) Math.min(Short.MAX_VALUE, messages + n);
        }

        @Override
        public void lastBytesRead(int bytes) {
            lastBytesRead = bytes;
            if (bytes > 0 && bytes == attemptedBytesRead) { // filled: there is likely more
                shift = (byte) Math.min(sizes.maxShift, shift + GROW_SHIFT);
                smallReads = 0;
            }
        }

        @Override
        public int lastBytesRead() {
            return lastBytesRead;
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            attemptedBytesRead = bytes;
        }

        @Override
        public int attemptedBytesRead() {
            return attemptedBytesRead;
        }

        @Override
        public boolean continueReading() {
            return continueReading(lastBytesRead == attemptedBytesRead);
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return continueReading(maybeMoreDataSupplier.get());
        }

        private boolean continueReading(boolean maybeMoreData) {
            return maybeMoreData && lastBytesRead > 0 && messages < sizes.maxMessagesPerRead
                    && config.isAutoRead();
        }

        @Override
        public void readComplete() {
            if (lastBytesRead <= 0 || lastBytesRead > guess() >> 2) {
                smallReads = 0;
            } else if (++smallReads >= SMALL_READS_TO_SHRINK) {
                shift = (byte) Math.max(sizes.minShift, shift - 1);
                smallReads = 0;
            }
        }
    }
}
