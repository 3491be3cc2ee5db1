package io.constellation.common.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach the catalog database. Immutable; build with {@link #builder()} or one of the
 * factories. {@link #toString()} never shows the password.
 */
public final class CatalogConfig {

    /** Pool size when none is given: enough for a service's few concurrent catalog users. */
    public static final int DEFAULT_MAX_POOL_SIZE = 8;
    /** How long a caller waits for a connection before {@link CatalogUnavailableException}. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Hikari refuses connection timeouts below this. */
    public static final Duration MIN_CONNECTION_TIMEOUT = Duration.ofMillis(250);

    /** H2 options that make it accept the MySQL dialect of the migrations and queries. */
    static final String H2_OPTIONS = ";MODE=MySQL;DATABASE_TO_LOWER=TRUE";

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final int maxPoolSize;
    private final Duration connectionTimeout;

    private CatalogConfig(Builder b) {
        this.jdbcUrl = b.jdbcUrl;
        this.user = b.user;
        this.password = b.password;
        this.maxPoolSize = b.maxPoolSize;
        this.connectionTimeout = b.connectionTimeout;
    }

    /** A builder with the defaults; {@link Builder#jdbcUrl} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The embedded default: an H2 database in files {@code <dataDir>/catalog.*}. */
    public static CatalogConfig embedded(Path dataDir) {
        Path base = dataDir.toAbsolutePath().normalize().resolve("catalog");
        return builder().jdbcUrl("jdbc:h2:file:" + base + H2_OPTIONS).build();
    }

    /**
     * A MariaDB/MySQL server, e.g. {@code jdbc:mariadb://db:3306/constellation}. User and
     * password may be null when the URL carries them.
     */
    public static CatalogConfig mariaDb(String jdbcUrl, String user, String password) {
        return builder().jdbcUrl(jdbcUrl).user(user).password(password).build();
    }

    /** A builder holding this configuration's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder().jdbcUrl(jdbcUrl).user(user).password(password)
                .maxPoolSize(maxPoolSize).connectionTimeout(connectionTimeout);
    }

    /** The JDBC URL. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The user, or null when the URL carries it. */
    public String user() {
        return user;
    }

    /** The password, or null when the URL carries it. */
    public String password() {
        return password;
    }

    /** Most connections the pool holds. */
    public int maxPoolSize() {
        return maxPoolSize;
    }

    /** How long to wait for a pooled connection before giving up. */
    public Duration connectionTimeout() {
        return connectionTimeout;
    }

    /** True when the URL names a MariaDB or MySQL server (the production backends). */
    public boolean isMariaDbOrMySql() {
        String url = jdbcUrl.toLowerCase(Locale.ROOT);
        return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    @Override
    public String toString() {
        return "CatalogConfig[url=" + redact(jdbcUrl) + ", user=" + user + ", maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + "]";
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** Mutable builder; {@link #build()} validates and returns an immutable config. */
    public static final class Builder {
        private String jdbcUrl;
        private String user;
        private String password;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private Duration connectionTimeout = DEFAULT_CONNECTION_TIMEOUT;

        private Builder() {
        }

        /** Required: a {@code jdbc:} URL (H2, MariaDB or MySQL). */
        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = jdbcUrl;
            return this;
        }

        /** The user, or null when the URL carries it. */
        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** The password, or null when the URL carries it. */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Most pooled connections, 1 to 1000; default {@value #DEFAULT_MAX_POOL_SIZE}. */
        public Builder maxPoolSize(int maxPoolSize) {
            this.maxPoolSize = maxPoolSize;
            return this;
        }

        /** Wait for a connection at most this long (at least 250 ms); default 5 s. */
        public Builder connectionTimeout(Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
            return this;
        }

        /** Validates and builds; throws {@link IllegalArgumentException} naming the bad value. */
        public CatalogConfig build() {
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:")) {
                throw new IllegalArgumentException("jdbcUrl must be a jdbc: URL, got " + jdbcUrl);
            }
            if (maxPoolSize < 1 || maxPoolSize > 1000) {
                throw new IllegalArgumentException("maxPoolSize must be 1..1000, got " + maxPoolSize);
            }
            Objects.requireNonNull(connectionTimeout, "connectionTimeout");
            if (connectionTimeout.compareTo(MIN_CONNECTION_TIMEOUT) < 0) {
                throw new IllegalArgumentException("connectionTimeout must be >= 250ms, got " + connectionTimeout);
            }
            return new CatalogConfig(this);
        }
    }
}
