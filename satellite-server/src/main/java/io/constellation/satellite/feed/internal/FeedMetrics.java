package io.constellation.satellite.feed.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The availability feed's meters, registered once per configured gateway when the
 * publisher is built. The one tag, {@code gateway}, is the gateway's position in the
 * configuration ("0", "1", ...): bounded by the configuration, never an address.
 * Thread-safe: the feed thread records, the scrape reads.
 */
public final class FeedMetrics {

    public static final String CONNECTED = "constellation_satellite_feed_connected";
    public static final String STATE = "constellation_satellite_feed_state";
    public static final String SNAPSHOTS_SENT = "constellation_satellite_feed_snapshots_sent";
    public static final String DELTAS_SENT = "constellation_satellite_feed_deltas_sent";
    public static final String RECONNECTS = "constellation_satellite_feed_reconnects";
    public static final String UNACKED_DELTAS = "constellation_satellite_feed_unacked_deltas";
    public static final String PENDING_CHANGES = "constellation_satellite_feed_pending_changes";
    public static final String TAG_GATEWAY = "gateway";

    /** Values of the {@value #STATE} gauge. */
    public static final int STATE_WAITING = 0;
    public static final int STATE_SNAPSHOT = 1;
    public static final int STATE_STREAMING = 2;

    private FeedMetrics() {
    }

    /** Registers the meters of gateway number {@code index}. */
    public static Gateway forGateway(MeterRegistry registry, int index) {
        return new Gateway(registry, Integer.toString(index));
    }

    /** One gateway's meters. */
    public static final class Gateway {
        private final AtomicLong state = new AtomicLong(STATE_WAITING);
        private final AtomicLong unacked = new AtomicLong();
        private final AtomicLong pending = new AtomicLong();
        private final Counter snapshots;
        private final Counter deltas;
        private final Counter reconnects;

        Gateway(MeterRegistry registry, String tag) {
            Gauge.builder(CONNECTED, state, s -> s.get() == STATE_STREAMING ? 1 : 0).tag(TAG_GATEWAY, tag)
                    .description("1 while the gateway has applied this server's snapshot and takes its deltas")
                    .register(registry);
            Gauge.builder(STATE, state, AtomicLong::get).tag(TAG_GATEWAY, tag)
                    .description("Feed stream state: 0 waiting to reconnect, 1 sending a snapshot, 2 streaming deltas")
                    .register(registry);
            Gauge.builder(UNACKED_DELTAS, unacked, AtomicLong::get).tag(TAG_GATEWAY, tag)
                    .description("Deltas sent to the gateway and not yet acknowledged").register(registry);
            Gauge.builder(PENDING_CHANGES, pending, AtomicLong::get).tag(TAG_GATEWAY, tag)
                    .description("Tracks with changes waiting to be sent (coalesced while the stream is not ready)")
                    .baseUnit("tracks").register(registry);
            snapshots = Counter.builder(SNAPSHOTS_SENT).tag(TAG_GATEWAY, tag)
                    .description("Full snapshots sent (one per stream opened)").register(registry);
            deltas = Counter.builder(DELTAS_SENT).tag(TAG_GATEWAY, tag)
                    .description("Delta messages sent").register(registry);
            reconnects = Counter.builder(RECONNECTS).tag(TAG_GATEWAY, tag)
                    .description("Streams that broke and were scheduled to reopen").register(registry);
        }

        public void state(int s) { state.set(s); }
        public void snapshotSent() { snapshots.increment(); }
        public void deltaSent() { deltas.increment(); }
        public void reconnect() { reconnects.increment(); }
        public void unacked(long n) { unacked.set(n); }
        public void pending(long n) { pending.set(n); }
    }
}
