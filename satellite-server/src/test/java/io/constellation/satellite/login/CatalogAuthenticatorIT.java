package io.constellation.satellite.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.UserStore;
import io.constellation.common.catalog.testing.CatalogBackend;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.testing.TcpProxy;
import io.constellation.satellite.login.LoginOutcome.Accepted;
import io.constellation.satellite.login.LoginOutcome.Reason;
import io.constellation.satellite.login.LoginOutcome.Rejected;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Logins against the real catalog, on H2 and MariaDB. */
class CatalogAuthenticatorIT {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final PasswordHasher HASHER = new PasswordHasher(1_000);

    private final MutableClock clock = new MutableClock();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final InetAddress home = address("10.1.1.1");

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @CatalogTest
    void rightPasswordIsAcceptedWithTheUsersSlotsAndAToken(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        long id = users.create("ann", HASHER.hash("secret"), 3, 5);
        Accepted a = assertInstanceOf(Accepted.class, login(authenticator(users), "ann", "secret"));
        assertEquals(id, a.userId());
        assertEquals("ann", a.user());
        assertEquals(3, a.maxSend());
        assertEquals(5, a.maxRecv());
        assertEquals(SessionTokens.TOKEN_BYTES, a.sessionToken().length);
    }

    @CatalogTest
    void wrongPasswordAndUnknownUserGetTheSameAnswer(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users);
        Rejected wrong = assertInstanceOf(Rejected.class, login(auth, "ann", "guess"));
        Rejected unknown = assertInstanceOf(Rejected.class, login(auth, "nobody", "guess"));
        assertEquals(new Rejected(Reason.BAD_CREDENTIALS, CatalogAuthenticator.BAD_PASSWORD_MESSAGE, 0), wrong);
        assertEquals(wrong, unknown);
        assertInstanceOf(Rejected.class, login(auth, "ANN", "secret"), "names are case-sensitive");
    }

    @CatalogTest
    void tokenLogsInWithoutThePasswordAndReadsTheCurrentSlots(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        long id = users.create("ann", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users);
        byte[] token = ((Accepted) login(auth, "ann", "secret")).sessionToken();
        users.updateSlots(id, 1, 9);
        Accepted again = assertInstanceOf(Accepted.class, login(auth, "ann", token));
        assertEquals(1, again.maxSend());
        assertEquals(9, again.maxRecv());
        assertInstanceOf(Accepted.class, login(auth, "ann", again.sessionToken()), "a token login issues a usable token");
    }

    @CatalogTest
    void tokenIsGoodOnEveryServerOfTheClusterAndNoOtherCluster(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASHER.hash("secret"), 4, 4);
        byte[] token = ((Accepted) login(authenticator(users), "ann", "secret")).sessionToken();
        assertInstanceOf(Accepted.class, login(authenticator(users), "ann", token));
        CatalogAuthenticator otherCluster = track(new CatalogAuthenticator(users, HASHER,
                LoginConfig.builder("another-cluster-secret-of-32-bytes!".getBytes()).clock(clock).build()));
        assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(otherCluster, "ann", token)).reason());
    }

    @CatalogTest
    void expiredTokenIsRejectedAndThePasswordStillWorks(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users);
        byte[] token = ((Accepted) login(auth, "ann", "secret")).sessionToken();
        clock.advance(Duration.ofDays(7).plusSeconds(1));
        assertEquals(new Rejected(Reason.BAD_CREDENTIALS, CatalogAuthenticator.BAD_TOKEN_MESSAGE, 0), login(auth, "ann", token));
        assertInstanceOf(Accepted.class, login(auth, "ann", "secret"));
    }

    @CatalogTest
    void passwordChangeRevokesEarlierTokens(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        long id = users.create("ann", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users);
        byte[] token = ((Accepted) login(auth, "ann", "secret")).sessionToken();
        users.updatePassword(id, HASHER.hash("new secret"));
        assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, "ann", token)).reason());
        assertInstanceOf(Accepted.class, login(auth, "ann", "new secret"));
    }

    @CatalogTest
    void tokenOfOneUserDoesNotLogInAnother(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASHER.hash("secret"), 4, 4);
        users.create("bob", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users);
        byte[] annToken = ((Accepted) login(auth, "ann", "secret")).sessionToken();
        assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, "bob", annToken)).reason());
        assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, "ghost", annToken)).reason());
        assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, "ann", new byte[49])).reason());
    }

    @CatalogTest
    void loginWithAnOutdatedHashCostUpgradesTheStoredHash(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", new PasswordHasher(500).hash("secret"), 4, 4);
        assertInstanceOf(Accepted.class, login(authenticator(users), "ann", "secret"));
        String stored = users.findByName("ann").orElseThrow().passwordHash();
        assertTrue(stored.startsWith("pbkdf2-sha256$1000$"), stored);
        assertInstanceOf(Accepted.class, login(authenticator(users), "ann", "secret"));
    }

    @CatalogTest
    void repeatedFailuresForOneUserAreThrottledFromAnyAddressUntilForgiven(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users, b -> b.userFailures(3, Duration.ofSeconds(10)));
        for (int i = 0; i < 3; i++) {
            assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, address("10.0.0." + i), "ann", "guess")).reason());
        }
        Rejected throttled = assertInstanceOf(Rejected.class, login(auth, address("10.0.0.99"), "ann", "secret"));
        assertEquals(Reason.THROTTLED, throttled.reason());
        assertEquals(10_000, throttled.retryAfterMillis());
        assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, address("10.0.0.99"), "bob", "x")).reason(),
                "other names are not throttled");
        clock.advance(Duration.ofSeconds(10));
        assertInstanceOf(Accepted.class, login(auth, address("10.0.0.99"), "ann", "secret"));
    }

    @CatalogTest
    void repeatedFailuresFromOneAddressAreThrottledForEveryName(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASHER.hash("secret"), 4, 4);
        CatalogAuthenticator auth = authenticator(users, b -> b.addressFailures(5, Duration.ofSeconds(1)));
        InetAddress attacker = address("192.0.2.7");
        for (int i = 0; i < 5; i++) {
            assertEquals(Reason.BAD_CREDENTIALS, ((Rejected) login(auth, attacker, "random" + i, "guess")).reason());
        }
        assertEquals(Reason.THROTTLED, ((Rejected) login(auth, attacker, "ann", "secret")).reason());
        assertInstanceOf(Accepted.class, login(auth, home, "ann", "secret"), "another address is not affected");
    }

    @CatalogTest
    void aCrowdOfTokenLoginsIsReadFromTheCatalogInBatches(TestCatalog db) throws Exception {
        UserStore users = new UserStore(db.catalog());
        CatalogAuthenticator auth = authenticator(users, b -> b.queueCapacity(10_000));
        int n = 1000;
        byte[][] tokens = new byte[n][];
        for (int i = 0; i < n; i++) {
            long id = users.create("user" + i, HASHER.hash("pw" + i), 4, 4);
            tokens[i] = new SessionTokens(SECRET, List.of()).issue(id, "user" + i,
                    users.findByName("user" + i).orElseThrow().passwordHash(), clock.instant().getEpochSecond() + 60);
        }
        long readsBefore = auth.catalogReads();
        List<CompletableFuture<LoginOutcome>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(auth.authenticate(home, "user" + i, new Credential.SessionToken(tokens[i])));
        }
        for (int i = 0; i < n; i++) {
            Accepted a = assertInstanceOf(Accepted.class, all.get(i).get(30, TimeUnit.SECONDS));
            assertEquals("user" + i, a.user());
        }
        long reads = auth.catalogReads() - readsBefore;
        assertTrue(reads < n / 4, n + " logins took " + reads + " catalog reads");
    }

    @CatalogTest
    void catalogOutageIsUnavailableWithARetryAfterAndLoginsResumeAfterIt(TestCatalog db) throws Exception {
        if (db.backend() != CatalogBackend.MARIADB) {
            return; // the outage is a cut TCP path, which the in-memory H2 leg does not have
        }
        UserStore setup = new UserStore(db.catalog());
        setup.create("ann", HASHER.hash("secret"), 4, 4);
        URI uri = URI.create(db.config().jdbcUrl().substring("jdbc:".length()));
        TcpProxy proxy = track(new TcpProxy(uri.getHost(), uri.getPort()));
        String proxied = db.config().jdbcUrl().replace(uri.getHost() + ":" + uri.getPort(), "127.0.0.1:" + proxy.port());
        Catalog viaProxy = track(new Catalog(db.config().toBuilder().jdbcUrl(proxied)
                .connectionTimeout(Duration.ofMillis(500)).build()));
        CatalogAuthenticator auth = authenticator(new UserStore(viaProxy));
        assertInstanceOf(Accepted.class, login(auth, "ann", "secret"));
        proxy.cut();
        Rejected down = assertInstanceOf(Rejected.class, login(auth, "ann", "secret"));
        assertEquals(Reason.UNAVAILABLE, down.reason());
        assertTrue(down.retryAfterMillis() >= 2_000 && down.retryAfterMillis() <= 4_000, "jittered 2-4 s: " + down);
        proxy.restore();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        LoginOutcome after;
        do {
            after = login(auth, "ann", "secret");
        } while (!(after instanceof Accepted) && System.nanoTime() < deadline);
        assertInstanceOf(Accepted.class, after, "logins resume once the catalog is back");
    }

    @Test
    void deadCatalogNeverCompletesTheFutureExceptionally() throws Exception {
        Catalog dead = track(new Catalog(CatalogConfig.mariaDb("jdbc:mariadb://127.0.0.1:1/none?sslMode=disable", "root", "")
                .toBuilder().connectionTimeout(Duration.ofMillis(300)).build()));
        CatalogAuthenticator auth = authenticator(new UserStore(dead));
        for (Credential c : List.of(new Credential.Password("pw"),
                new Credential.SessionToken(new SessionTokens(SECRET, List.of()).issue(1, "ann", "h", 2_000_000_000L)))) {
            CompletableFuture<LoginOutcome> f = auth.authenticate(home, "ann", c);
            Rejected r = assertInstanceOf(Rejected.class, f.get(10, TimeUnit.SECONDS));
            assertEquals(Reason.UNAVAILABLE, r.reason());
            assertEquals(CatalogAuthenticator.UNAVAILABLE_MESSAGE, r.message());
        }
    }

    @Test
    void fullQueueAndClosedAuthenticatorTurnLoginsAwayAsBusy() throws Exception {
        Catalog dead = track(new Catalog(CatalogConfig.mariaDb("jdbc:mariadb://127.0.0.1:1/none?sslMode=disable", "root", "")
                .toBuilder().connectionTimeout(Duration.ofMillis(300)).build()));
        CatalogAuthenticator auth = new CatalogAuthenticator(new UserStore(dead), HASHER,
                LoginConfig.builder(SECRET).clock(clock).threads(1).queueCapacity(2).build());
        List<CompletableFuture<LoginOutcome>> all = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            all.add(auth.authenticate(address("10.9.0." + i), "u" + i, new Credential.Password("pw")));
        }
        auth.close();
        all.add(auth.authenticate(home, "late", new Credential.Password("pw")));
        int busy = 0;
        for (CompletableFuture<LoginOutcome> f : all) {
            Rejected r = assertInstanceOf(Rejected.class, f.get(10, TimeUnit.SECONDS));
            assertEquals(Reason.UNAVAILABLE, r.reason());
            busy += r.message().equals(CatalogAuthenticator.BUSY_MESSAGE) ? 1 : 0;
        }
        assertTrue(busy >= 8, "at most one running and two queued could reach the catalog; busy: " + busy);
    }

    private CatalogAuthenticator authenticator(UserStore users) {
        return authenticator(users, b -> { });
    }

    private CatalogAuthenticator authenticator(UserStore users, java.util.function.Consumer<LoginConfig.Builder> tweak) {
        LoginConfig.Builder b = LoginConfig.builder(SECRET).clock(clock);
        tweak.accept(b);
        return track(new CatalogAuthenticator(users, HASHER, b.build()));
    }

    private LoginOutcome login(CatalogAuthenticator auth, String user, String password) {
        return login(auth, home, user, password);
    }

    private LoginOutcome login(CatalogAuthenticator auth, InetAddress from, String user, String password) {
        return await(auth.authenticate(from, user, new Credential.Password(password)));
    }

    private LoginOutcome login(CatalogAuthenticator auth, String user, byte[] token) {
        return await(auth.authenticate(home, user, new Credential.SessionToken(token)));
    }

    private static LoginOutcome await(CompletableFuture<LoginOutcome> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a login future must complete normally", e);
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        toClose.add(c);
        return c;
    }

    private static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
