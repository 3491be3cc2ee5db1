package io.constellation.common.catalog.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MariaDbServerTest {

    @Test
    void unsetBlankOrUnresolvedMavenPropertyMeansNoServer() {
        assertEquals("", MariaDbServer.configuredUrl(null));
        assertEquals("", MariaDbServer.configuredUrl("  "));
        assertEquals("", MariaDbServer.configuredUrl("${env.CONSTELLATION_TEST_MARIADB_URL}"));
    }

    @Test
    void configuredUrlGetsPlainConnectionsUnlessItChoseAnSslMode() {
        assertEquals("jdbc:mariadb://h:3306/test?user=root&password=&sslMode=disable",
                MariaDbServer.configuredUrl("jdbc:mariadb://h:3306/test?user=root&password="));
        assertEquals("jdbc:mariadb://h/test?sslMode=disable", MariaDbServer.configuredUrl("jdbc:mariadb://h/test"));
        assertEquals("jdbc:mariadb://h/t?sslMode=verify-full", MariaDbServer.configuredUrl("jdbc:mariadb://h/t?sslMode=verify-full"));
    }

    @Test
    void perTestDatabaseReplacesOnlyThePath() {
        assertEquals("jdbc:mariadb://h:3306/ct_1?user=root&password=", TestCatalog.withDatabase("jdbc:mariadb://h:3306/test?user=root&password=", "ct_1"));
        assertEquals("jdbc:mariadb://h:3306/ct_1", TestCatalog.withDatabase("jdbc:mariadb://h:3306", "ct_1"));
        assertEquals("jdbc:mysql://h/ct_1?x=1", TestCatalog.withDatabase("jdbc:mysql://h/?x=1", "ct_1"));
    }
}
