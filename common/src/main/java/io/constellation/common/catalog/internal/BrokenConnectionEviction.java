package io.constellation.common.catalog.internal;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Tells the pool to throw away a connection whose link to the database broke. Hikari
 * recognises the standard "08" SQL states, but H2's remote driver reports a dropped
 * server with its own codes (90067 "connection is broken", 90121 "database is already
 * closed"); without this, a pool that polls often keeps handing out the dead connection
 * long after the database is back.
 */
public final class BrokenConnectionEviction implements SQLExceptionOverride {

    private static final int H2_CONNECTION_BROKEN = 90067;
    private static final int H2_DATABASE_CLOSED = 90121;

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLNonTransientConnectionException || t instanceof SQLTransientConnectionException) {
                return Override.MUST_EVICT;
            }
            if (t instanceof SQLException s && (s.getErrorCode() == H2_CONNECTION_BROKEN
                    || s.getErrorCode() == H2_DATABASE_CLOSED)) {
                return Override.MUST_EVICT;
            }
        }
        return Override.CONTINUE_EVICT;
    }
}
