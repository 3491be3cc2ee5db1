package io.constellation.satellite.login;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.CatalogUnavailableException;
import io.constellation.common.catalog.User;
import io.constellation.common.catalog.UserStore;
import io.constellation.satellite.login.LoginOutcome.Reason;
import io.constellation.satellite.login.LoginOutcome.Rejected;
import io.constellation.satellite.login.internal.FailureThrottle;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs satellites in against the catalog's {@code users} table.
 *
 * <p>Threads: {@link #authenticate} may be called from any thread (Netty event loops); it
 * checks the failure throttles in memory and queues the rest. One reader thread, owned by
 * this object, drains the queue and reads the user rows of every waiting login in one
 * statement ({@code WHERE name IN (...)}), so a crowd of logins costs a few catalog round
 * trips rather than one each; it checks session tokens itself (one HMAC each) and hands
 * password checks to a bounded pool of {@link LoginConfig#threads()} hashing threads.
 * {@link #close()} stops both. The returned future completes on those threads, except for
 * a throttled or turned-away login, which is answered at once. It never completes
 * exceptionally.
 *
 * <p>Passwords are checked with {@link PasswordHasher}; an unknown user costs the same
 * catalog read and the same hash as a known one, so neither the answer nor its timing
 * says which names exist. A successful login whose stored hash has other parameters than
 * the hasher's gets its hash upgraded. Session tokens ({@link SessionTokens}) are checked
 * with one HMAC and no slow hash, but still with the user's row from the catalog: the row
 * gives the current {@code max_send}/{@code max_recv} (read at every login, as the
 * protocol promises, so an operator's change applies at the next reconnect), and its
 * password hash is part of the token's MAC, so a password change or a deleted account
 * revokes tokens at once. Skipping the read would save a share of one batched query per
 * crowd of reconnects (measured here: ~40,000 token logins/s on MariaDB with the reads
 * batched) but would keep a banned or downgraded user on old slots until the token
 * expires, which is days.
 *
 * <p>Failures (bad password, bad or expired token, unknown user) are counted per address
 * and per user name in fixed-size sketches ({@link FailureThrottle}); a key over its
 * budget is {@link Reason#THROTTLED} with the time to wait, before any catalog or hash
 * work is done. A catalog that cannot be reached, or a full login queue, is
 * {@link Reason#UNAVAILABLE} with a jittered retry-after (so that a crowd turned away
 * together does not come back together).
 */
public final class CatalogAuthenticator implements Authenticator, AutoCloseable {

    /** Shown for a wrong password or unknown user: never says which. */
    public static final String BAD_PASSWORD_MESSAGE = "Wrong user name or password.";
    /** Shown for a token that is malformed, expired, revoked or for another user. */
    public static final String BAD_TOKEN_MESSAGE = "Your session has expired; log in with your password.";
    /** Shown while the catalog is down. */
    public static final String UNAVAILABLE_MESSAGE = "The user database is unavailable; try again shortly.";
    /** Shown when the login queue is full or the server is stopping. */
    public static final String BUSY_MESSAGE = "The server is busy; try again shortly.";

    private static final Logger log = LoggerFactory.getLogger(CatalogAuthenticator.class);

    private final UserStore users;
    private final PasswordHasher hasher;
    private final SessionTokens tokens;
    private final FailureThrottle byAddress;
    private final FailureThrottle byUser;
    private final ArrayBlockingQueue<LoginTask> waiting;
    private final Thread reader;
    private final ThreadPoolExecutor hashPool;
    private final AtomicLong catalogReads = new AtomicLong();
    private volatile boolean closed;
    private final Clock clock;
    private final long tokenTtlSeconds;
    private final long retryAfterMillis;
    private final AtomicLong catalogFailures = new AtomicLong();

    /**
     * @param users  the catalog's users
     * @param hasher checks passwords, and hashes upgraded ones with its parameters
     * @param config secrets, pool size, throttle budgets
     */
    public CatalogAuthenticator(UserStore users, PasswordHasher hasher, LoginConfig config) {
        this.users = users;
        this.hasher = hasher;
        this.tokens = new SessionTokens(config.tokenSecret(), config.previousTokenSecrets());
        SecureRandom seeds = new SecureRandom();
        this.byAddress = new FailureThrottle(config.throttleSlots(), config.addressBurst(),
                config.addressInterval().toMillis(), seeds.nextLong());
        this.byUser = new FailureThrottle(config.throttleSlots(), config.userBurst(),
                config.userInterval().toMillis(), seeds.nextLong());
        this.clock = config.clock();
        this.tokenTtlSeconds = Math.max(1, config.tokenTtl().toSeconds());
        this.retryAfterMillis = config.unavailableRetryAfter().toMillis();
        this.waiting = new ArrayBlockingQueue<>(config.queueCapacity());
        AtomicInteger n = new AtomicInteger();
        this.hashPool = new ThreadPoolExecutor(config.threads(), config.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), r -> {
                    Thread t = new Thread(r, "login-hash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.reader = new Thread(this::readLoop, "login-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public CompletableFuture<LoginOutcome> authenticate(InetAddress remote, String user, Credential credential) {
        String name = user == null ? "" : user;
        long addressKey = byAddress.keyOf(remote);
        long userKey = byUser.keyOf(name);
        long now = clock.millis();
        long wait = Math.max(byAddress.retryAfterMillis(addressKey, now), byUser.retryAfterMillis(userKey, now));
        if (wait > 0) {
            return CompletableFuture.completedFuture(throttled(wait));
        }
        LoginTask task = new LoginTask(addressKey, userKey, name, credential);
        if (closed || !waiting.offer(task)) {
            task.turnAway();
        } else if (closed) {
            turnAwayWaiting(); // close() may have drained the queue just before the offer
        }
        return task.future;
    }

    /** Logins waiting for their user row or a hashing thread (for a gauge). */
    public int queuedLogins() {
        return waiting.size() + hashPool.getQueue().size();
    }

    /** Catalog statements run to read user rows since construction (for metrics and tests). */
    public long catalogReads() {
        return catalogReads.get();
    }

    /** The reader thread: one catalog read per batch of waiting logins until closed. */
    private void readLoop() {
        List<LoginTask> batch = new ArrayList<>();
        while (!closed) {
            try {
                LoginTask first = waiting.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                waiting.drainTo(batch, UserStore.IN_LIST_MAX - 1);
                readAndDispatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        turnAwayWaiting();
    }

    private void readAndDispatch(List<LoginTask> batch) {
        Map<String, User> rows;
        try {
            Set<String> names = new HashSet<>();
            for (LoginTask t : batch) {
                names.add(t.user);
            }
            catalogReads.incrementAndGet();
            rows = users.findByNames(names);
            catalogRecovered();
        } catch (CatalogUnavailableException e) {
            catalogFailed(e);
            batch.forEach(t -> t.future.complete(unavailable(UNAVAILABLE_MESSAGE)));
            return;
        } catch (RuntimeException e) {
            log.warn("reading {} user(s) for login failed: {}", batch.size(), e.toString());
            batch.forEach(t -> t.future.complete(unavailable(UNAVAILABLE_MESSAGE)));
            return;
        }
        for (LoginTask t : batch) {
            User u = rows.get(t.user);
            if (t.credential instanceof Credential.SessionToken token) {
                try {
                    t.future.complete(finish(t, checkToken(t.user, u, token.token())));
                } catch (RuntimeException e) {
                    log.warn("token check of '{}' failed with an internal error: {}", t.user, e.toString());
                    t.future.complete(unavailable(UNAVAILABLE_MESSAGE));
                }
            } else {
                hashPassword(t, u);
            }
        }
    }

    /** Queues the slow hash of a password login on the hashing pool. */
    private void hashPassword(LoginTask t, User u) {
        try {
            hashPool.execute(new PasswordCheck(t, u));
        } catch (RejectedExecutionException e) {
            t.turnAway();
        }
    }

    /** The outcome for {@code accepted} (null: the credentials were wrong, which counts as a failure). */
    private LoginOutcome finish(LoginTask t, User accepted) {
        if (accepted == null) {
            long now = clock.millis();
            byAddress.recordFailure(t.addressKey, now);
            byUser.recordFailure(t.userKey, now);
            String message = t.credential instanceof Credential.Password ? BAD_PASSWORD_MESSAGE : BAD_TOKEN_MESSAGE;
            return new Rejected(Reason.BAD_CREDENTIALS, message, 0);
        }
        long expires = clock.instant().getEpochSecond() + tokenTtlSeconds;
        byte[] token = tokens.issue(accepted.id(), accepted.name(), accepted.passwordHash(), expires);
        return new LoginOutcome.Accepted(accepted.id(), accepted.name(), accepted.maxSend(), accepted.maxRecv(), token);
    }

    /** The user if the password is right, else null; the same work for an unknown user. Hashing thread. */
    private User checkPassword(User u, String password) {
        if (u == null) {
            hasher.verifyAgainstDummy(password);
            return null;
        }
        if (!hasher.verify(password, u.passwordHash())) {
            return null;
        }
        return hasher.needsRehash(u.passwordHash()) ? upgrade(u, password) : u;
    }

    /** Stores a hash with the current parameters; keeps the old one if the catalog refuses. */
    private User upgrade(User u, String password) {
        String fresh = hasher.hash(password);
        try {
            users.updatePassword(u.id(), fresh);
            return new User(u.id(), u.name(), fresh, u.maxSend(), u.maxRecv());
        } catch (CatalogException e) {
            log.warn("login of user {}: could not upgrade the password hash: {}", u.id(), e.toString());
            return u;
        }
    }

    /** The user if the token is theirs, current and unrevoked, else null. Reader thread. */
    private User checkToken(String name, User u, byte[] token) {
        SessionTokens.Claims claims = tokens.parse(token);
        if (claims == null || claims.expiresAtEpochSecond() <= clock.instant().getEpochSecond()) {
            return null;
        }
        if (u == null) {
            tokens.verify(token, claims.userId(), name, ""); // same work as for a known user
            return null;
        }
        return tokens.verify(token, u.id(), u.name(), u.passwordHash()) ? u : null;
    }

    private Rejected throttled(long waitMillis) {
        long seconds = Math.max(1, (waitMillis + 999) / 1000);
        return new Rejected(Reason.THROTTLED, "Too many failed logins; try again in " + seconds + " s.", waitMillis);
    }

    private Rejected unavailable(String message) {
        long wait = retryAfterMillis + ThreadLocalRandom.current().nextLong(retryAfterMillis + 1);
        return new Rejected(Reason.UNAVAILABLE, message, wait);
    }

    /** Logs the first failure of an outage, then at doubling intervals: one line per event, not per login. */
    private void catalogFailed(CatalogUnavailableException e) {
        long n = catalogFailures.incrementAndGet();
        if (Long.bitCount(n) == 1) {
            log.warn("logins refused: catalog unavailable ({} login(s) so far): {}", n, e.getMessage());
        }
    }

    private void catalogRecovered() {
        long n = catalogFailures.getAndSet(0);
        if (n > 0) {
            log.info("logins served again: catalog reachable after {} refused login(s)", n);
        }
    }

    /**
     * Stops taking logins (later calls are turned away as busy); logins waiting for their
     * user row are turned away too; password checks under way or queued get up to 5 s, then
     * the rest are turned away.
     */
    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        try {
            reader.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        turnAwayWaiting();
        hashPool.shutdown();
        try {
            if (!hashPool.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("password checks still running 5 s after close; interrupting them");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Runnable r : hashPool.shutdownNow()) {
            ((PasswordCheck) r).task.turnAway();
        }
    }

    private void turnAwayWaiting() {
        LoginTask t;
        while ((t = waiting.poll()) != null) {
            t.turnAway();
        }
    }

    /** A password login whose user row has been read, waiting for or running on a hashing thread. */
    private final class PasswordCheck implements Runnable {
        final LoginTask task;
        final User user;

        PasswordCheck(LoginTask task, User user) {
            this.task = task;
            this.user = user;
        }

        @Override
        public void run() {
            try {
                task.future.complete(finish(task, checkPassword(user, ((Credential.Password) task.credential).password())));
            } catch (RuntimeException e) {
                log.warn("password check of '{}' failed with an internal error: {}", task.user, e.toString());
                task.future.complete(unavailable(UNAVAILABLE_MESSAGE));
            }
        }
    }

    /** One login from the moment it is queued until its future completes. */
    private final class LoginTask {
        final long addressKey;
        final long userKey;
        final String user;
        final Credential credential;
        final CompletableFuture<LoginOutcome> future = new CompletableFuture<>();

        LoginTask(long addressKey, long userKey, String user, Credential credential) {
            this.addressKey = addressKey;
            this.userKey = userKey;
            this.user = user;
            this.credential = credential;
        }

        void turnAway() {
            future.complete(unavailable(BUSY_MESSAGE));
        }
    }
}
