package io.constellation.satellite.internal;

import io.netty.channel.ChannelId;

/**
 * A channel id of 16 bytes (Netty's {@code DefaultChannelId} is 48): a sequence number
 * unique among the channels one {@link CompactEpollServerChannel} accepted, until it wraps
 * after 2^32. The channel hash-codes, orders and names itself by it.
 *
 * <p>Netty asks a channel for its id before the channel's own constructor runs, when the
 * channel cannot yet reach its server channel's counter: so the id is made empty and
 * numbered right after, by the constructor ({@link #number}), before anyone else sees it.
 */
final class CompactChannelId implements ChannelId {

    private static final long serialVersionUID = 1L;

    private int sequence;

    /** Called once, by the channel's constructor, on the thread that accepted it. */
    void number(int sequence) {
        this.sequence = sequence;
    }

    @Override
    public String asShortText() {
        return Integer.toHexString(sequence);
    }

    @Override
    public String asLongText() {
        return "satellite-" + Integer.toUnsignedString(sequence);
    }

    @Override
    public int compareTo(ChannelId o) {
        if (o instanceof CompactChannelId other) {
            return Integer.compareUnsigned(sequence, other.sequence);
        }
        return asLongText().compareTo(o.asLongText());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompactChannelId other && other.sequence == sequence;
    }

    @Override
    public int hashCode() {
        return sequence;
    }

    @Override
    public String toString() {
        return asShortText();
    }
}
