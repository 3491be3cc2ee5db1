package io.constellation.gateway.availability.internal;

import io.constellation.proto.availability.v1.CountDelta;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotChunk;

/**
 * The shape checks of feed messages, apart from the ordering rules the
 * {@link ContributionStore} keeps: each returns null when the message is well formed, or
 * what is wrong with it, worded for the satellite server's operator. A message is checked
 * whole before any of it applies. Stateless.
 */
final class ReportChecks {

    /** Largest count or change for one track of one server: far above any real server, low enough that sums never overflow. */
    static final int MAX_COUNT = 10_000_000;
    static final int MAX_SERVER_ID_LENGTH = 128;
    static final int MAX_ADDRESS_LENGTH = 256;

    private ReportChecks() {
    }

    static String hello(SatelliteServerHello h) {
        String id = h.getServerId();
        if (id.isBlank() || id.length() > MAX_SERVER_ID_LENGTH || h.getAddress().length() > MAX_ADDRESS_LENGTH) {
            return "hello needs a server_id of 1 to " + MAX_SERVER_ID_LENGTH + " characters and an address of at most "
                    + MAX_ADDRESS_LENGTH;
        }
        return null;
    }

    static String chunk(SnapshotChunk c) {
        if (c.getTrackIdsCount() != c.getCountsCount()) {
            return "snapshot chunk has " + c.getTrackIdsCount() + " track_ids but " + c.getCountsCount() + " counts";
        }
        for (int i = 0; i < c.getTrackIdsCount(); i++) {
            long id = c.getTrackIds(i);
            int n = c.getCounts(i);
            if (!validTrack(id) || n < 0 || n > MAX_COUNT) {
                return "snapshot entry " + i + ": track " + id + " count " + Integer.toUnsignedString(n)
                        + " (track ids are 0 to 2^31-1, counts at most " + MAX_COUNT + ")";
            }
        }
        return null;
    }

    static String delta(CountDelta d) {
        if (d.getTrackIdsCount() != d.getChangesCount()) {
            return "delta has " + d.getTrackIdsCount() + " track_ids but " + d.getChangesCount() + " changes";
        }
        for (int i = 0; i < d.getTrackIdsCount(); i++) {
            long id = d.getTrackIds(i);
            int change = d.getChanges(i);
            if (!validTrack(id) || change < -MAX_COUNT || change > MAX_COUNT) {
                return "delta entry " + i + ": track " + id + " change " + change
                        + " (track ids are 0 to 2^31-1, changes at most " + MAX_COUNT + " either way)";
            }
        }
        return null;
    }

    /** Whether {@code id} can be a track id here (the gateway indexes tracks by int). */
    static boolean validTrack(long id) {
        return id >= 0 && id <= Integer.MAX_VALUE;
    }
}
