package io.constellation.common.catalog;

import java.util.Objects;

/**
 * One row of the catalog's {@code users} table.
 *
 * @param id           the catalog id (positive)
 * @param name         the user name exactly as registered
 * @param passwordHash the encoded slow-KDF hash (see {@code io.constellation.common.auth.PasswordHasher}); never a password
 * @param maxSend      concurrent uploads the user may serve
 * @param maxRecv      concurrent downloads the user may run
 */
public record User(long id, String name, String passwordHash, int maxSend, int maxRecv) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    /** Leaves the hash out, so that a logged user never puts it in a log file. */
    @Override
    public String toString() {
        return "User[id=" + id + ", name=" + name + ", maxSend=" + maxSend + ", maxRecv=" + maxRecv + "]";
    }
}
