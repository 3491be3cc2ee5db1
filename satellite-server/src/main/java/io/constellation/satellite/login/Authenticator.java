package io.constellation.satellite.login;

import java.net.InetAddress;
import java.util.concurrent.CompletableFuture;

/**
 * Checks a satellite's credentials against the catalog.
 *
 * <p>Called from a Netty event loop. An implementation must not block the
 * caller: catalog reads and the slow password hash run on its own executor,
 * and the returned future completes there (so a channel handler hops back to
 * its event loop before touching channel state).
 */
public interface Authenticator {

  /**
   * Logs a user in.
   *
   * @param remote the connection's address, for per-address throttling
   * @param user the user name as sent (validated for length by the caller)
   * @param credential a password or a session token from an earlier login
   * @return never completes exceptionally: a catalog that cannot be reached
   *     is a {@link LoginOutcome.Rejected} with {@link LoginOutcome.Reason#UNAVAILABLE}
   */
  CompletableFuture<LoginOutcome> authenticate(InetAddress remote, String user, Credential credential);
}
