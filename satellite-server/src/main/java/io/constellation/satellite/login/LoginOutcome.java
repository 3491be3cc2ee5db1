package io.constellation.satellite.login;

/** The result of {@link Authenticator#authenticate}. */
public sealed interface LoginOutcome {

  /**
   * The user is who they say. {@code maxSend}/{@code maxRecv} are the user's
   * transfer slots as read from the catalog now; the session holds them for
   * its lifetime (a later change in the catalog applies at the next login).
   */
  record Accepted(long userId, String user, int maxSend, int maxRecv, byte[] sessionToken)
      implements LoginOutcome {}

  /**
   * The login failed. {@code message} is safe to show the user (it never says
   * whether the user exists); {@code retryAfterMillis} is 0 unless the reason
   * is {@link Reason#THROTTLED} or {@link Reason#UNAVAILABLE}.
   */
  record Rejected(Reason reason, String message, long retryAfterMillis) implements LoginOutcome {}

  /** Why a login failed; a bounded set, used as a metric tag. */
  enum Reason {
    /** Unknown user, wrong password, or an invalid or expired token. */
    BAD_CREDENTIALS,
    /** Too many failures recently from this address or for this user. */
    THROTTLED,
    /** The catalog could not be reached; try again later. */
    UNAVAILABLE
  }
}
