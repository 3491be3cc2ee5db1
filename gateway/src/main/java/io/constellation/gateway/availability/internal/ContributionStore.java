package io.constellation.gateway.availability.internal;

import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.internal.GatewayMetrics.StreamError;
import io.constellation.proto.availability.v1.CountDelta;
import io.constellation.proto.availability.v1.ReportRequest;
import io.constellation.proto.availability.v1.ReportResponse;
import io.constellation.proto.availability.v1.SatelliteServerHello;
import io.constellation.proto.availability.v1.SnapshotApplied;
import io.constellation.proto.availability.v1.SnapshotChunk;
import io.constellation.proto.availability.v1.Source;
import io.grpc.Status;
import it.unimi.dsi.fastutil.ints.Int2IntMap;
import it.unimi.dsi.fastutil.ints.Int2IntMaps;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every satellite server's contribution to current availability, kept apart per server,
 * and their sum per track in an {@link AvailabilityTable}.
 *
 * <p>Rules (the contract of {@code AvailabilityFeed.Report}):
 * <ul>
 *   <li>A stream starts with a hello; a complete snapshot (its last chunk) replaces that
 *       server's previous contribution exactly, whatever stream or incarnation it came
 *       from: each track's total changes once, by {@code new - old}, so nothing is ever
 *       counted twice and no total dips on the way.</li>
 *   <li>Deltas apply in sequence (1 after each snapshot, then +1); a gap or a delta before
 *       the snapshot ends the stream with INVALID_ARGUMENT, the server reconnects and sends
 *       a fresh snapshot. A delta is validated whole before any of it applies.</li>
 *   <li>A change that would make one of the server's counts negative is a bug of the
 *       sender (it removed a share it never announced): it is logged, counted in
 *       {@link GatewayMetrics#NEGATIVE_COUNTS_CLAMPED} and the count clamped to 0, so the
 *       totals stay the sum of non-negative contributions.</li>
 *   <li>A newer stream of the same server (a higher or equal incarnation) supersedes an
 *       open older one, which is closed with ALREADY_EXISTS; a stream of an older
 *       incarnation while a newer one is open is refused the same way.</li>
 *   <li>When the stream that fed a contribution ends (it broke, was cancelled, completed,
 *       failed or was superseded), the contribution stays for the grace period and is
 *       withdrawn unless a newer stream of that server completes a snapshot by then. The
 *       deadline is not pushed back by later streams that end before their snapshot, so a
 *       flapping server cannot keep stale counts alive.</li>
 * </ul>
 *
 * <p>Threads: one writer thread calls every mutating method (the feed loop; a test's own
 * thread in unit tests) with the current time in nanoseconds, which makes the grace period
 * testable with a hand-driven clock. {@link #count}, {@link #serversReporting},
 * {@link #sources} and the other read methods are safe from any thread.
 */
final class ContributionStore {

    private static final Logger log = LoggerFactory.getLogger(ContributionStore.class);

    private static final int MAX_COUNT = ReportChecks.MAX_COUNT;
    private static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final Int2IntOpenHashMap EMPTY = new Int2IntOpenHashMap(0);

    private final AvailabilityTable table = new AvailabilityTable();
    private final long graceNanos;
    private final GatewayMetrics metrics;
    private final Map<String, Server> servers = new HashMap<>();
    private final Map<FeedSink, Stream> streams = new IdentityHashMap<>();
    private final Set<String> everSnapshotted = new HashSet<>();
    private volatile Contribution[] published = new Contribution[0];
    private volatile int streamsOpen;
    private volatile int serversSnapshotted;
    private long nextDeadline = NO_DEADLINE;

    /** @param graceNanos how long a contribution outlives its server's last stream */
    ContributionStore(long graceNanos, GatewayMetrics metrics) {
        this.graceNanos = graceNanos;
        this.metrics = metrics;
    }

    // ---- reads: any thread ----

    /** The total count of {@code trackId} (0 to {@code Integer.MAX_VALUE}). */
    int count(int trackId) {
        return table.get(trackId);
    }

    /** Replaces each of the first {@code n} ids (0 to {@code Integer.MAX_VALUE}) in {@code ids} by its total count. */
    void countsInPlace(int[] ids, int n) {
        table.getAll(ids, n);
    }

    /** Servers whose contribution is in the totals (including those within their grace period). */
    int serversReporting() {
        return published.length;
    }

    /** Tracks whose total is above zero. */
    long tracksAvailable() {
        return table.availableTracks();
    }

    /** Feed streams open now. */
    int streamsOpen() {
        return streamsOpen;
    }

    /** Distinct servers that have completed a snapshot since this store was made. */
    int serversSnapshotted() {
        return serversSnapshotted;
    }

    /** The contributions now in the totals. */
    Contribution[] contributions() {
        return published;
    }

    /** The totals, for the historical job's scan. */
    AvailabilityTable table() {
        return table;
    }

    /** Every server with {@code trackId} at a count above zero, most first (ties by server id). */
    List<Source> sources(int trackId) {
        List<Source> out = new ArrayList<>(4);
        for (Contribution c : published) {
            int n = c.count(trackId);
            if (n > 0) {
                out.add(Source.newBuilder().setServerId(c.serverId()).setAddress(c.address()).setCount(n).build());
            }
        }
        out.sort(Comparator.comparingInt(Source::getCount).reversed().thenComparing(Source::getServerId));
        return out;
    }

    // ---- writer thread ----

    /** A stream was opened; it must say hello first. */
    void opened(FeedSink sink) {
        streams.put(sink, new Stream(sink));
        streamsOpen = streams.size();
    }

    /** Applies one message of {@code sink}'s stream; messages of an ended stream are ignored. */
    void message(FeedSink sink, ReportRequest m, long now) {
        Stream s = streams.get(sink);
        if (s == null) {
            return;
        }
        switch (m.getBodyCase()) {
            case HELLO -> hello(s, m.getHello(), now);
            case SNAPSHOT -> chunk(s, m.getSnapshot(), now);
            case DELTA -> delta(s, m.getDelta(), now);
            default -> fail(s, StreamError.INVALID_MESSAGE, now,
                    "a ReportRequest must carry a hello, a snapshot chunk or a delta");
        }
        if (streams.get(sink) == s) {
            sink.requestNext();
        }
    }

    /**
     * The stream ended from the satellite server's side: {@code completed} when it
     * half-closed, false when it was cancelled or broke. Either way its server's contribution
     * enters the grace period.
     */
    void ended(FeedSink sink, boolean completed, long now) {
        Stream s = streams.remove(sink);
        if (s == null) {
            return;
        }
        streamsOpen = streams.size();
        if (completed) {
            sink.complete();
        } else {
            metrics.streamError(StreamError.BROKEN);
        }
        detach(s, now, completed ? "completed by the server" : "broken");
    }

    /** Ends every stream with UNAVAILABLE: the gateway is shutting down. */
    void closeAll(long now) {
        for (Stream s : new ArrayList<>(streams.values())) {
            failWith(s, StreamError.SHUTDOWN, Status.UNAVAILABLE.withDescription(
                    "gateway shutting down; reconnect (to it after its restart, or to another gateway)"), now);
        }
    }

    /**
     * Withdraws every contribution whose grace period is over at {@code now}; returns the
     * next deadline ({@code Long.MAX_VALUE} when none). Cheap when nothing is due.
     */
    long expire(long now) {
        if (nextDeadline == NO_DEADLINE || now - nextDeadline < 0) {
            return nextDeadline;
        }
        long next = NO_DEADLINE;
        for (Server srv : new ArrayList<>(servers.values())) {
            if (srv.withdrawAt == NO_DEADLINE) {
                continue;
            }
            if (now - srv.withdrawAt >= 0) {
                withdraw(srv);
            } else {
                next = Math.min(next, srv.withdrawAt);
            }
        }
        nextDeadline = next;
        return next;
    }

    private void hello(Stream s, SatelliteServerHello h, long now) {
        if (s.serverId != null) {
            fail(s, StreamError.OUT_OF_ORDER, now, "hello sent twice on one stream");
            return;
        }
        String problem = ReportChecks.hello(h);
        if (problem != null) {
            fail(s, StreamError.INVALID_MESSAGE, now, problem);
            return;
        }
        String id = h.getServerId();
        Server srv = servers.computeIfAbsent(id, Server::new);
        Stream open = srv.current;
        if (open != null && h.getIncarnation() < open.incarnation) {
            failWith(s, StreamError.STALE_INCARNATION, Status.ALREADY_EXISTS.withDescription("a stream of " + id
                    + " from a newer incarnation (" + open.incarnation + " > " + h.getIncarnation() + ") is open"), now);
            return;
        }
        s.serverId = id;
        s.incarnation = h.getIncarnation();
        s.address = h.getAddress();
        srv.current = s;
        log.info("feed stream {} open: server {} incarnation {} address {} from {}", s.sink.id(), id,
                s.incarnation, s.address, s.sink.peer());
        if (open != null) {
            failWith(open, StreamError.SUPERSEDED, Status.ALREADY_EXISTS.withDescription("superseded by a newer stream of "
                    + id + " (stream " + s.sink.id() + ", incarnation " + s.incarnation + ")"), now);
        }
    }

    private void chunk(Stream s, SnapshotChunk c, long now) {
        if (s.serverId == null) {
            fail(s, StreamError.OUT_OF_ORDER, now, "a snapshot chunk before the hello");
            return;
        }
        String problem = ReportChecks.chunk(c);
        if (problem != null) {
            fail(s, StreamError.INVALID_MESSAGE, now, problem);
            return;
        }
        if (s.staging == null) {
            s.staging = new Int2IntOpenHashMap(Math.max(16, c.getTrackIdsCount()));
            s.snapshotDone = false;
        }
        for (int i = 0; i < c.getTrackIdsCount(); i++) {
            int id = (int) c.getTrackIds(i);
            int n = c.getCounts(i);
            if (n > 0) {
                // A repeated id adds up (the sum is what the server reported), within the bound
                // that keeps totals from overflowing.
                int before = s.staging.addTo(id, n);
                if (before + n > MAX_COUNT) {
                    s.staging.put(id, MAX_COUNT);
                }
            }
        }
        if (c.getLast()) {
            applySnapshot(s, now);
        }
    }

    private void applySnapshot(Stream s, long now) {
        long start = System.nanoTime();
        Server srv = servers.get(s.serverId);
        Int2IntOpenHashMap fresh = s.staging;
        s.staging = null;
        Contribution before = srv.contribution;
        Int2IntOpenHashMap old = before == null ? EMPTY : before.writerView();
        // One store per track with its final total: readers never see old and new both counted
        // or neither (see AvailabilityTable).
        for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(fresh)) {
            addToTotal(e.getIntKey(), e.getIntValue() - old.get(e.getIntKey()), srv.id);
        }
        for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(old)) {
            if (!fresh.containsKey(e.getIntKey())) {
                addToTotal(e.getIntKey(), -e.getIntValue(), srv.id);
            }
        }
        srv.contribution = new Contribution(srv.id, s.incarnation, s.address, fresh);
        srv.withdrawAt = NO_DEADLINE;
        srv.feeder = s;
        s.snapshotDone = true;
        s.nextSequence = 1;
        publish();
        if (everSnapshotted.add(srv.id)) {
            serversSnapshotted = everSnapshotted.size();
        }
        metrics.snapshotApplied();
        s.sink.send(ReportResponse.newBuilder()
                .setSnapshotApplied(SnapshotApplied.newBuilder().setTracks(fresh.size())).build());
        log.info("feed stream {}: snapshot of server {} applied: {} tracks (replacing {}) in {} ms", s.sink.id(),
                srv.id, fresh.size(), before == null ? "nothing" : before.tracks() + " tracks of incarnation "
                        + before.incarnation(), (System.nanoTime() - start) / 1_000_000);
    }

    private void delta(Stream s, CountDelta d, long now) {
        if (s.serverId == null || !s.snapshotDone || s.staging != null) {
            fail(s, StreamError.OUT_OF_ORDER, now, "a delta before the snapshot's last chunk");
            return;
        }
        if (d.getSequence() != s.nextSequence) {
            fail(s, StreamError.SEQUENCE_GAP, now, "delta sequence " + Long.toUnsignedString(d.getSequence())
                    + " where " + s.nextSequence + " was expected; reconnect and send a fresh snapshot");
            return;
        }
        String problem = ReportChecks.delta(d);
        if (problem != null) {
            fail(s, StreamError.INVALID_MESSAGE, now, problem);
            return;
        }
        Server srv = servers.get(s.serverId);
        applyDelta(srv, d, s.sink.id());
        metrics.deltaApplied(d.getTrackIdsCount());
        s.sink.send(ReportResponse.newBuilder().setAppliedThroughSequence(s.nextSequence).build());
        s.nextSequence++;
    }

    private void applyDelta(Server srv, CountDelta d, long streamId) {
        Contribution c = srv.contribution;
        Int2IntOpenHashMap counts = c.writerView();
        synchronized (c) {
            for (int i = 0; i < d.getTrackIdsCount(); i++) {
                int id = (int) d.getTrackIds(i);
                int before = counts.get(id);
                int after = Math.min(MAX_COUNT, before + d.getChanges(i));
                if (after < 0) {
                    metrics.negativeClamped();
                    log.warn("feed stream {}: server {} lowered track {} below zero ({} {}); clamped to 0 (a sender bug)",
                            streamId, srv.id, id, before, d.getChanges(i));
                    after = 0;
                }
                if (after == 0) {
                    counts.remove(id);
                } else {
                    counts.put(id, after);
                }
                addToTotal(id, after - before, srv.id);
            }
        }
    }

    private void addToTotal(int trackId, int change, String serverId) {
        int total = table.add(trackId, change);
        if (total < 0) {
            // Cannot happen while every contribution is non-negative: a bug here, not in the sender.
            log.error("total of track {} would be {} after a change of {} from server {}; clamped to 0",
                    trackId, total, change, serverId);
        }
    }

    private void withdraw(Server srv) {
        Contribution c = srv.contribution;
        srv.contribution = null;
        srv.feeder = null;
        srv.withdrawAt = NO_DEADLINE;
        if (c != null) {
            for (Int2IntMap.Entry e : Int2IntMaps.fastIterable(c.writerView())) {
                addToTotal(e.getIntKey(), -e.getIntValue(), srv.id);
            }
            metrics.withdrawal();
            log.info("server {} withdrawn: no snapshot within the grace period; {} tracks of incarnation {} removed",
                    srv.id, c.tracks(), c.incarnation());
        }
        if (srv.current == null) {
            servers.remove(srv.id);
        }
        publish();
    }

    private void fail(Stream s, StreamError reason, long now, String message) {
        failWith(s, reason, Status.INVALID_ARGUMENT.withDescription(message), now);
    }

    private void failWith(Stream s, StreamError reason, Status status, long now) {
        if (streams.remove(s.sink) == null) {
            return;
        }
        streamsOpen = streams.size();
        metrics.streamError(reason);
        s.sink.fail(status);
        detach(s, now, status.getCode() + ": " + status.getDescription());
    }

    /**
     * The stream is gone. If its snapshot is the server's contribution, the grace period
     * starts: a newer stream must complete a snapshot before it ends.
     */
    private void detach(Stream s, long now, String why) {
        log.info("feed stream {} closed: server {}: {}", s.sink.id(), s.serverId == null ? "(no hello)" : s.serverId, why);
        Server srv = s.serverId == null ? null : servers.get(s.serverId);
        if (srv == null) {
            return;
        }
        if (srv.current == s) {
            srv.current = null;
        }
        if (srv.feeder == s) {
            srv.feeder = null;
            if (srv.withdrawAt == NO_DEADLINE) {
                srv.withdrawAt = now + graceNanos;
                if (nextDeadline == NO_DEADLINE || srv.withdrawAt - nextDeadline < 0) {
                    nextDeadline = srv.withdrawAt;
                }
            }
        }
        if (srv.contribution == null && srv.current == null) {
            servers.remove(srv.id);
        }
    }

    private void publish() {
        List<Contribution> now = new ArrayList<>(servers.size());
        for (Server srv : servers.values()) {
            if (srv.contribution != null) {
                now.add(srv.contribution);
            }
        }
        published = now.toArray(new Contribution[0]);
    }

    /** One satellite server as this gateway knows it. Writer thread only. */
    private static final class Server {
        final String id;
        Contribution contribution;
        /** The open stream that speaks for it, if any (the newest). */
        Stream current;
        /** The open stream whose snapshot (and deltas) make the contribution, if any. */
        Stream feeder;
        /** When its contribution is withdrawn (System.nanoTime scale), or NO_DEADLINE. */
        long withdrawAt = NO_DEADLINE;

        Server(String id) {
            this.id = id;
        }
    }

    /** One open feed stream. Writer thread only. */
    private static final class Stream {
        final FeedSink sink;
        String serverId;
        long incarnation;
        String address;
        /** The snapshot being received, null when none is in progress. */
        Int2IntOpenHashMap staging;
        boolean snapshotDone;
        long nextSequence;

        Stream(FeedSink sink) {
            this.sink = sink;
        }
    }
}
