package io.constellation.satellite.testing;

import io.constellation.satellite.login.Authenticator;
import io.constellation.satellite.login.Credential;
import io.constellation.satellite.login.LoginOutcome;
import java.net.InetAddress;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Users in a map, for tests: answers at once, or (after {@link #hold()}) leaves the answer
 * to the test ({@link #releaseAll()}), to exercise messages that arrive while a login is
 * pending. Thread-safe.
 */
public final class InMemoryAuthenticator implements Authenticator {

    private record User(long id, String password) {
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Queue<Runnable> held = new ConcurrentLinkedQueue<>();
    private volatile boolean holding;
    private volatile LoginOutcome.Rejected forced;

    /** Adds a user (or sets the password of one added before); returns its id. */
    public long add(String name, String password) {
        return users.compute(name, (k, old) -> new User(old == null ? ids.incrementAndGet() : old.id(), password)).id();
    }

    /** From now on answers wait for {@link #releaseAll()}. */
    public void hold() {
        holding = true;
    }

    /** Completes every answer held so far, in order, on the calling thread; later ones are held too. */
    public void releaseAll() {
        Runnable r;
        while ((r = held.poll()) != null) {
            r.run();
        }
    }

    /** Every login is rejected with {@code rejection} until {@code null} is set. */
    public void rejectAll(LoginOutcome.Rejected rejection) {
        forced = rejection;
    }

    @Override
    public CompletableFuture<LoginOutcome> authenticate(InetAddress remote, String user, Credential credential) {
        LoginOutcome outcome = outcome(user, credential);
        CompletableFuture<LoginOutcome> future = new CompletableFuture<>();
        if (holding) {
            held.add(() -> future.complete(outcome));
        } else {
            future.complete(outcome);
        }
        return future;
    }

    private LoginOutcome outcome(String name, Credential credential) {
        if (forced != null) {
            return forced;
        }
        User u = users.get(name);
        if (u != null && credential instanceof Credential.Password p && p.password().equals(u.password())) {
            return new LoginOutcome.Accepted(u.id(), name, 3, 5, new byte[] {1, 2, 3});
        }
        return new LoginOutcome.Rejected(LoginOutcome.Reason.BAD_CREDENTIALS, "wrong user name or password", 0);
    }
}
