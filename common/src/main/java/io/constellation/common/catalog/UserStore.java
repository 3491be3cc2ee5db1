package io.constellation.common.catalog;

import io.constellation.common.catalog.internal.SqlErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes the {@code users} table: satellite accounts with their password hash and
 * transfer slots. Every method is one statement on a pooled connection; failures surface as
 * {@link CatalogException} or {@link CatalogUnavailableException}. Thread-safe.
 *
 * <p>Names are matched exactly (case and trailing spaces count) on every backend: MariaDB's
 * default collation compares case-insensitively, so rows are re-checked here, and H2 and
 * MariaDB answer the same. On MariaDB the unique key is case-insensitive, so "Ann" cannot
 * be registered beside "ann" (which is what operators want: no look-alike accounts); H2
 * allows it.
 */
public final class UserStore {

    /** Longest user name, in characters: the column is VARCHAR(64). */
    public static final int MAX_NAME_LENGTH = 64;
    /** Most transfer slots of either kind: the columns are SMALLINT, and more is never sensible. */
    public static final int MAX_SLOTS = 1000;
    /** Longest encoded password hash: the column is VARCHAR(255). */
    public static final int MAX_HASH_LENGTH = 255;
    /** Most names in one IN list of {@link #findByNames}. */
    public static final int IN_LIST_MAX = 1000;

    private final Catalog catalog;

    /** A store over {@code catalog}, which must be migrated. */
    public UserStore(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Registers a user and returns the new id.
     *
     * @throws DuplicateUserException   when the name is taken
     * @throws IllegalArgumentException when the name is empty or longer than
     *                                  {@value #MAX_NAME_LENGTH} characters, the hash is empty or
     *                                  longer than {@value #MAX_HASH_LENGTH}, or slots are outside
     *                                  [0, {@value #MAX_SLOTS}]
     */
    public long create(String name, String passwordHash, int maxSend, int maxRecv) {
        checkName(name);
        checkHash(passwordHash);
        checkSlots(maxSend, maxRecv);
        String sql = "INSERT INTO users (name, password_hash, max_send, max_recv) VALUES (?, ?, ?, ?)";
        try (Connection c = catalog.connection();
             PreparedStatement ps = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setString(2, passwordHash);
            ps.setInt(3, maxSend);
            ps.setInt(4, maxRecv);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new CatalogException("the catalog returned no id for new user '" + name + "'");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            if (isUniqueViolation(e)) {
                throw new DuplicateUserException(name, e);
            }
            throw SqlErrors.translate("creating user '" + name + "'", e);
        }
    }

    /** The user registered under exactly {@code name}, if any. One indexed read. */
    public Optional<User> findByName(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            return Optional.empty();
        }
        String sql = "SELECT id, name, password_hash, max_send, max_recv FROM users WHERE name = ?";
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    User u = new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5));
                    if (u.name().equals(name)) {
                        return Optional.of(u);
                    }
                }
                return Optional.empty();
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading user", e);
        }
    }

    /**
     * The users registered under exactly these names, keyed by name; names with no user (or
     * unusable ones) are absent. One statement per {@value #IN_LIST_MAX} names: a server
     * taking thousands of logins a second reads their rows in a few round trips.
     */
    public Map<String, User> findByNames(Collection<String> names) {
        List<String> usable = new ArrayList<>(names.size());
        for (String n : names) {
            if (n != null && !n.isEmpty() && n.codePointCount(0, n.length()) <= MAX_NAME_LENGTH) {
                usable.add(n);
            }
        }
        Map<String, User> out = new HashMap<>(usable.size() * 2);
        for (int from = 0; from < usable.size(); from += IN_LIST_MAX) {
            readByNames(usable.subList(from, Math.min(usable.size(), from + IN_LIST_MAX)), out);
        }
        return out;
    }

    private void readByNames(List<String> names, Map<String, User> out) {
        StringBuilder sql = new StringBuilder("SELECT id, name, password_hash, max_send, max_recv FROM users WHERE name IN (");
        for (int i = 0; i < names.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        Set<String> wanted = new HashSet<>(names);
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < names.size(); i++) {
                ps.setString(i + 1, names.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    User u = new User(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5));
                    if (wanted.contains(u.name())) { // exact match, whatever the collation
                        out.put(u.name(), u);
                    }
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading users", e);
        }
    }

    /** Replaces the password hash of user {@code id}; false when there is no such user. */
    public boolean updatePassword(long id, String passwordHash) {
        checkHash(passwordHash);
        return catalog.update("UPDATE users SET password_hash = ? WHERE id = ?", passwordHash, id) > 0;
    }

    /** Replaces the transfer slots of user {@code id} (they apply from the next login); false when there is no such user. */
    public boolean updateSlots(long id, int maxSend, int maxRecv) {
        checkSlots(maxSend, maxRecv);
        return catalog.update("UPDATE users SET max_send = ?, max_recv = ? WHERE id = ?", maxSend, maxRecv, id) > 0;
    }

    /** SQLState class 23 is an integrity violation; the only unique key on users besides the id is the name. */
    private static boolean isUniqueViolation(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty() || name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("user name must be 1 to " + MAX_NAME_LENGTH + " characters");
        }
        if (!name.strip().equals(name)) {
            throw new IllegalArgumentException("user name must not start or end with white space");
        }
    }

    private static void checkHash(String hash) {
        if (hash == null || hash.isEmpty() || hash.length() > MAX_HASH_LENGTH) {
            throw new IllegalArgumentException("password hash must be 1 to " + MAX_HASH_LENGTH + " characters");
        }
    }

    private static void checkSlots(int maxSend, int maxRecv) {
        if (maxSend < 0 || maxSend > MAX_SLOTS || maxRecv < 0 || maxRecv > MAX_SLOTS) {
            throw new IllegalArgumentException("transfer slots must be in [0, " + MAX_SLOTS + "], got send "
                    + maxSend + ", recv " + maxRecv);
        }
    }
}
