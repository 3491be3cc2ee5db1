package io.constellation.satellite.login;

/** What a satellite proves its identity with: a password or a session token. */
public sealed interface Credential {

  /** A plain password as typed by the user; compared through a slow hash only. */
  record Password(String password) implements Credential {
    @Override
    public String toString() {
      return "Password[***]";
    }
  }

  /** A token from an earlier {@code LoginAccepted}; opaque to the satellite. */
  record SessionToken(byte[] token) implements Credential {
    @Override
    public String toString() {
      return "SessionToken[" + token.length + " bytes]";
    }
  }
}
