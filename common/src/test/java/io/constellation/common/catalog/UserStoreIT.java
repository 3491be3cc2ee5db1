package io.constellation.common.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.testing.CatalogBackend;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

class UserStoreIT {

    private static final String HASH = "pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

    @CatalogTest
    void createdUserIsFoundByExactNameWithItsHashAndSlots(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        long ann = users.create("ann", HASH, 3, 7);
        long bob = users.create("bob", HASH + "x", 0, 1000);
        assertTrue(ann > 0 && bob > 0 && ann != bob);
        assertEquals(Optional.of(new User(ann, "ann", HASH, 3, 7)), users.findByName("ann"));
        assertEquals(1000, users.findByName("bob").orElseThrow().maxRecv());
        assertEquals(Optional.empty(), users.findByName("carol"));
        assertEquals(Optional.empty(), users.findByName("ANN"), "case counts on every backend");
        assertEquals(Optional.empty(), users.findByName("ann "), "trailing spaces count on every backend");
        assertEquals(Optional.empty(), users.findByName(""));
        assertEquals(Optional.empty(), users.findByName("x".repeat(65)));
    }

    @CatalogTest
    void takenNameIsRefusedWithADuplicateUserError(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        users.create("ann", HASH, 4, 4);
        DuplicateUserException e = assertThrows(DuplicateUserException.class, () -> users.create("ann", HASH, 1, 1));
        assertTrue(e.getMessage().contains("'ann'"), e.getMessage());
        if (db.backend() == CatalogBackend.MARIADB) {
            // The default collation is case-insensitive: no look-alike accounts.
            assertThrows(DuplicateUserException.class, () -> users.create("ANN", HASH, 1, 1));
        }
        assertEquals(4, users.findByName("ann").orElseThrow().maxSend(), "the original row is untouched");
    }

    @CatalogTest
    void passwordAndSlotsAreUpdatedByIdOnly(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        long ann = users.create("ann", HASH, 4, 4);
        long bob = users.create("bob", HASH, 4, 4);
        assertTrue(users.updatePassword(ann, HASH + "new"));
        assertTrue(users.updateSlots(ann, 1, 2));
        assertEquals(new User(ann, "ann", HASH + "new", 1, 2), users.findByName("ann").orElseThrow());
        assertEquals(new User(bob, "bob", HASH, 4, 4), users.findByName("bob").orElseThrow());
        assertFalse(users.updatePassword(999_999, HASH));
        assertFalse(users.updateSlots(999_999, 1, 1));
    }

    @CatalogTest
    void invalidNamesHashesAndSlotsAreRefusedBeforeTheCatalog(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        assertThrows(IllegalArgumentException.class, () -> users.create("", HASH, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> users.create("x".repeat(65), HASH, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> users.create(" ann", HASH, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> users.create("ann", "", 1, 1));
        assertThrows(IllegalArgumentException.class, () -> users.create("ann", "h".repeat(256), 1, 1));
        assertThrows(IllegalArgumentException.class, () -> users.create("ann", HASH, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> users.create("ann", HASH, 1, 1001));
        long id = users.create("ü".repeat(64), HASH, 1, 1);
        assertNotEquals(0, id, "64 non-ASCII characters fit the column");
        assertEquals(id, users.findByName("ü".repeat(64)).orElseThrow().id());
    }

    @CatalogTest
    void userToStringNeverShowsTheHash(TestCatalog db) {
        assertFalse(new User(1, "ann", HASH, 1, 1).toString().contains(HASH));
    }

    @CatalogTest
    void findByNamesReadsManyUsersByExactNameInFewStatements(TestCatalog db) {
        UserStore users = new UserStore(db.catalog());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            names.add("user" + i);
            users.create("user" + i, HASH, i % 5, 4);
        }
        List<String> asked = new ArrayList<>(names.subList(0, 1100));
        asked.add("nobody");
        asked.add("USER1");
        asked.add("");
        asked.add(null);
        Map<String, User> found = users.findByNames(asked);
        assertEquals(1100, found.size());
        assertEquals(3, found.get("user3").maxSend());
        assertFalse(found.containsKey("USER1"), "exact names only");
        assertEquals(Map.of(), users.findByNames(List.of()));
    }
}
