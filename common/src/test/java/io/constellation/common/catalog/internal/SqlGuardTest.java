package io.constellation.common.catalog.internal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "UPDATE tracks SET album = ''",
        "  delete from tracks",
        "DELETE FROM tracks -- WHERE id = 1",
        "UPDATE tracks SET title = 'where' ",
        "UPDATE tracks /* WHERE id = ? */ SET album = ?",
        "UPDATE `where` SET a = 1",
        "DELETE FROM nowhere",
    })
    void updateOrDeleteWithoutWhereIsUnguarded(String sql) {
        assertTrue(SqlGuard.isUnguardedWrite(sql), sql);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "UPDATE tracks SET album = ? WHERE id = ?",
        "delete from track_stats\nwhere track_id = ?",
        "DELETE FROM t WHERE(id=1)",
        "INSERT INTO tracks (a) VALUES ('x')",
        "SELECT * FROM tracks",
        "",
    })
    void otherStatementsAreAllowed(String sql) {
        assertFalse(SqlGuard.isUnguardedWrite(sql), sql);
    }
}
