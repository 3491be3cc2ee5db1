package io.constellation.deploy.loadgen;

import io.constellation.common.catalog.DuplicateUserException;
import io.constellation.common.catalog.UserStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The users simulated satellites log in as: {@code prefix + 0 .. prefix + (count - 1)},
 * sharing one password hash. Creating them is idempotent, so a second run (or a second
 * demo start) only adds the names missing.
 */
public final class LoadUsers {

    private LoadUsers() {
    }

    /**
     * Creates the users of {@code prefix + 0 .. count - 1} that do not exist yet.
     *
     * @param encodedHash one hash for all: they share the password, and a slow hash per
     *                    user would make 20,000 users a matter of minutes
     * @return how many were created
     */
    public static int ensure(UserStore users, String prefix, int count, String encodedHash, int maxSend, int maxRecv) {
        int created = 0;
        for (int from = 0; from < count; from += UserStore.IN_LIST_MAX) {
            List<String> names = names(prefix, from, Math.min(count, from + UserStore.IN_LIST_MAX));
            Set<String> existing = users.findByNames(names).keySet();
            for (String name : names) {
                if (!existing.contains(name) && create(users, name, encodedHash, maxSend, maxRecv)) {
                    created++;
                }
            }
        }
        return created;
    }

    private static boolean create(UserStore users, String name, String encodedHash, int maxSend, int maxRecv) {
        try {
            users.create(name, encodedHash, maxSend, maxRecv);
            return true;
        } catch (DuplicateUserException e) {
            return false; // created meanwhile by another run: as good
        }
    }

    private static List<String> names(String prefix, int from, int to) {
        List<String> names = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            names.add(prefix + i);
        }
        return names;
    }
}
