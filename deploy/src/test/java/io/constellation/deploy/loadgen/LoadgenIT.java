package io.constellation.deploy.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackKeys;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.corpus.Corpus;
import io.constellation.deploy.Constellation;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.share.TrackCounts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import picocli.CommandLine;

/**
 * {@code constellation loadgen satellites} as an operator runs it, against a real satellite
 * server with the real catalog login, share resolver and track counts, on H2 and MariaDB.
 */
class LoadgenIT {

    private static final String PASSWORD = "load-pw";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @AfterEach
    void closeAll() throws Exception {
        runner.shutdownNow();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @CatalogTest
    void everySatelliteLogsInItsTracksAreCountedExactlyAndAllLeaveAtTheEnd(TestCatalog db) throws Exception {
        createUsers(db.catalog(), 200);
        CatalogSatelliteServer s = server(db.catalog());
        Future<Run> run = runner.submit(() -> loadgen(s, "--satellites", "200", "--files-per-satellite", "50",
                "--universe", "3000", "--seed", "7", "--ramp-rate", "400/s", "--duration", "8s",
                "--source-addresses", "127.0.0.2-127.0.0.3"));

        Map<Integer, Integer> expected = expectedCounts(db.catalog(), 200, 50, 3000, 7);
        await(() -> s.server().sessions() == 200 && snapshot(s.counts()).equals(expected),
                "200 sessions and the counts of their share lists");
        assertEquals(200 * 50, expected.values().stream().mapToInt(Integer::intValue).sum(),
                "each satellite shares 50 distinct tracks");

        Run r = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, r.code, r.out);
        String summary = summaryLine(r.out);
        assertTrue(summary.contains("200 satellites, 200 logins started, 200 online"), summary);
        assertTrue(summary.contains("ramp: 200 online in"), summary);
        assertTrue(summary.contains(", 0 failed,"), summary);
        assertTrue(summary.contains("login_failed 0, refused 0, busy 0, throttled 0, disconnects 0, other 0"), summary);
        assertTrue(summary.endsWith("PASS"), summary);
        assertTrue(Pattern.compile("(?m)^\\[   1s\\] connected \\d+, online \\d+, logins/s \\d+ \\| errors: .* \\| "
                + "login-ack ms p50 [\\d.]+ p99 [\\d.]+$").matcher(r.out).find(), r.out);

        // The load generator closed every client before returning; the server sees them go.
        await(() -> s.server().connections() == 0 && s.server().sessions() == 0, "no session left");
        assertEquals(0, s.counts().trackCount(), "no track counted any more");
    }

    @CatalogTest
    void churnLogsSatellitesOutAndInAgainWithoutLosingCount(TestCatalog db) throws Exception {
        createUsers(db.catalog(), 60);
        CatalogSatelliteServer s = server(db.catalog());
        Run r = loadgen(s, "--satellites", "60", "--files-per-satellite", "20", "--universe", "500",
                "--ramp-rate", "1000/s", "--churn", "40/s", "--duration", "4s");

        assertEquals(0, r.code, r.out);
        Matcher m = Pattern.compile("(\\d+) logins started, (\\d+) online .* 0 failed, (\\d+) in flight at the end, "
                + "(\\d+) churn logouts").matcher(summaryLine(r.out));
        assertTrue(m.find(), r.out);
        long started = Long.parseLong(m.group(1));
        long online = Long.parseLong(m.group(2));
        long inFlight = Long.parseLong(m.group(3));
        long logouts = Long.parseLong(m.group(4));
        // About 40 a second once the 60 are online; a loaded machine may skip some (none online to pick).
        assertTrue(logouts > 0, "satellites were logged out and in again: " + r.out);
        assertEquals(60 + logouts, started, "every logout is followed by a login in its slot");
        assertEquals(started, online + inFlight, "every login but those in flight got online");
        await(() -> s.server().connections() == 0 && s.counts().trackCount() == 0, "no session left");
    }

    @CatalogTest
    void aWrongPasswordFailsEveryLoginAndTheExitStatusSaysSo(TestCatalog db) throws Exception {
        createUsers(db.catalog(), 10);
        CatalogSatelliteServer s = server(db.catalog());
        Run r = loadgen(s, "--satellites", "10", "--files-per-satellite", "5", "--universe", "100",
                "--password", "not-the-password", "--duration", "2s");

        assertEquals(3, r.code, r.out);
        String summary = summaryLine(r.out);
        assertTrue(summary.contains("10 logins started, 0 online"), summary);
        assertTrue(summary.contains("10 failed (login_failed 10)"), summary);
        assertTrue(summary.contains("login_failed 10"), summary);
        assertTrue(summary.endsWith("FAIL"), summary);
        assertEquals(0, s.server().sessions());
    }

    private CatalogSatelliteServer server(Catalog catalog) {
        SatelliteServerConfig config = SatelliteServerConfig.builder()
                .ioThreads(2)
                .connectionsPerSecondPerAddress(0)
                .drainGrace(Duration.ofSeconds(2))
                .build();
        CatalogSatelliteServer s = new CatalogSatelliteServer(catalog, config, 1);
        toClose.add(s);
        return s;
    }

    private static void createUsers(Catalog catalog, int n) {
        UserStore users = new UserStore(catalog);
        String hash = new PasswordHasher(1).hash(PASSWORD);
        for (int i = 0; i < n; i++) {
            users.create("sat" + i, hash, 4, 4);
        }
    }

    /** Catalog track id → satellites sharing it, from the share lists the load generator draws. */
    private static Map<Integer, Integer> expectedCounts(Catalog catalog, int satellites, int files, int universe,
            long seed) {
        ShareLists lists = new ShareLists(TrackUniverse.generated(Corpus.bundled(), universe, seed), 1.0);
        Map<ByteBuffer, Integer> byKey = new LinkedHashMap<>();
        for (int slot = 0; slot < satellites; slot++) {
            for (SharedFile f : lists.forSlot(slot, files, seed)) {
                byKey.merge(ByteBuffer.wrap(TrackKeys.normKey(f.getArtist(), f.getTitle(), f.getAlbum())), 1,
                        Integer::sum);
            }
        }
        // The satellites create the tracks as they log in; wait until they all exist.
        List<ByteBuffer> keys = new ArrayList<>(byKey.keySet());
        TrackStore store = new TrackStore(catalog);
        Map<Integer, Integer> expected = new HashMap<>();
        await(() -> {
            expected.clear();
            for (int from = 0; from < keys.size(); from += TrackStore.IN_LIST_MAX) {
                List<ByteBuffer> chunk = keys.subList(from, Math.min(keys.size(), from + TrackStore.IN_LIST_MAX));
                long[] ids = store.idsByNormKeys(chunk.stream().map(ByteBuffer::array).toList());
                for (int i = 0; i < ids.length; i++) {
                    if (ids[i] > 0) {
                        expected.put((int) ids[i], byKey.get(chunk.get(i)));
                    }
                }
            }
            return expected.size() == keys.size();
        }, "every shared track in the catalog");
        return expected;
    }

    private static Map<Integer, Integer> snapshot(TrackCounts counts) {
        TrackCounts.Snapshot snap = counts.counts();
        Map<Integer, Integer> m = new HashMap<>();
        for (int i = 0; i < snap.size(); i++) {
            m.put(snap.trackIds()[i], snap.counts()[i]);
        }
        return m;
    }

    private record Run(int code, String out) {
    }

    private static Run loadgen(CatalogSatelliteServer s, String... options) {
        List<String> args = new ArrayList<>(List.of("loadgen", "satellites", "--server",
                "127.0.0.1:" + s.address().getPort(), "--event-loops", "2"));
        args.addAll(List.of(options));
        if (!args.contains("--password")) {
            args.addAll(List.of("--password", PASSWORD));
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Constellation()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        return new Run(code, out + err.toString());
    }

    private static String summaryLine(String out) {
        return out.lines().filter(l -> l.startsWith("summary: ")).findFirst()
                .orElseThrow(() -> new AssertionError("no summary line in:\n" + out));
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
