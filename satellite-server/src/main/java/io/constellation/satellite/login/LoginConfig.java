package io.constellation.satellite.login;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link CatalogAuthenticator} needs besides its catalog: immutable, validated by
 * {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class LoginConfig {

    private final byte[] tokenSecret;
    private final List<byte[]> previousTokenSecrets;
    private final Duration tokenTtl;
    private final int threads;
    private final int queueCapacity;
    private final int addressBurst;
    private final Duration addressInterval;
    private final int userBurst;
    private final Duration userInterval;
    private final int throttleSlots;
    private final Duration unavailableRetryAfter;
    private final Clock clock;

    private LoginConfig(Builder b) {
        this.tokenSecret = b.tokenSecret.clone();
        this.previousTokenSecrets = b.previousTokenSecrets.stream().map(byte[]::clone).toList();
        this.tokenTtl = b.tokenTtl;
        this.threads = b.threads;
        this.queueCapacity = b.queueCapacity;
        this.addressBurst = b.addressBurst;
        this.addressInterval = b.addressInterval;
        this.userBurst = b.userBurst;
        this.userInterval = b.userInterval;
        this.throttleSlots = b.throttleSlots;
        this.unavailableRetryAfter = b.unavailableRetryAfter;
        this.clock = b.clock;
    }

    /**
     * A builder signing session tokens with {@code tokenSecret}: the secret shared by every
     * satellite server of the cluster (at least {@value SessionTokens#MIN_SECRET_BYTES}
     * random bytes; whoever holds it can mint a token for any user).
     */
    public static Builder builder(byte[] tokenSecret) {
        return new Builder(tokenSecret);
    }

    /** The current token secret (a copy). */
    public byte[] tokenSecret() { return tokenSecret.clone(); }
    /** Older secrets whose tokens are still accepted (copies). */
    public List<byte[]> previousTokenSecrets() { return previousTokenSecrets.stream().map(byte[]::clone).toList(); }
    public Duration tokenTtl() { return tokenTtl; }
    public int threads() { return threads; }
    public int queueCapacity() { return queueCapacity; }
    public int addressBurst() { return addressBurst; }
    public Duration addressInterval() { return addressInterval; }
    public int userBurst() { return userBurst; }
    public Duration userInterval() { return userInterval; }
    public int throttleSlots() { return throttleSlots; }
    public Duration unavailableRetryAfter() { return unavailableRetryAfter; }
    public Clock clock() { return clock; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private final byte[] tokenSecret;
        private List<byte[]> previousTokenSecrets = List.of();
        private Duration tokenTtl = Duration.ofDays(7);
        private int threads = 2;
        private int queueCapacity = 4096;
        private int addressBurst = 30;
        private Duration addressInterval = Duration.ofSeconds(1);
        private int userBurst = 10;
        private Duration userInterval = Duration.ofSeconds(6);
        private int throttleSlots = 1 << 16;
        private Duration unavailableRetryAfter = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();

        private Builder(byte[] tokenSecret) {
            this.tokenSecret = Objects.requireNonNull(tokenSecret, "tokenSecret").clone();
        }

        /** Secrets of earlier key generations, still accepted while tokens signed with them live; default none. */
        public Builder previousTokenSecrets(List<byte[]> secrets) {
            this.previousTokenSecrets = new ArrayList<>(secrets);
            return this;
        }

        /** How long a session token stays valid; each login issues a fresh one. Default 7 days. */
        public Builder tokenTtl(Duration d) { this.tokenTtl = d; return this; }

        /**
         * Threads that hash passwords (user rows are read by one more thread, in batches).
         * Default 2: password hashes are pure CPU, so more threads than cores only queue them
         * in the kernel instead of here.
         */
        public Builder threads(int n) { this.threads = n; return this; }

        /**
         * Logins waiting for their user row, and password checks waiting for a hashing
         * thread, before new ones are turned away as busy; default 4,096 each.
         */
        public Builder queueCapacity(int n) { this.queueCapacity = n; return this; }

        /**
         * Failed logins one address (an IPv6 /64) may make back to back, and how often one
         * more is forgiven; default 30, one per second (generous: many users may share a NAT).
         */
        public Builder addressFailures(int burst, Duration interval) {
            this.addressBurst = burst;
            this.addressInterval = interval;
            return this;
        }

        /** Failed logins for one user name back to back, and how often one more is forgiven; default 10, one per 6 s. */
        public Builder userFailures(int burst, Duration interval) {
            this.userBurst = burst;
            this.userInterval = interval;
            return this;
        }

        /** Buckets per row of each throttle sketch, a power of two (16 bytes each); default 65,536 (1 MiB per throttle). */
        public Builder throttleSlots(int n) { this.throttleSlots = n; return this; }

        /** Least wait suggested when the catalog is down or the login queue is full (jittered up to twice that); default 2 s. */
        public Builder unavailableRetryAfter(Duration d) { this.unavailableRetryAfter = d; return this; }

        /** Time source for token expiry and throttling; default the system clock (tests pass their own). */
        public Builder clock(Clock c) { this.clock = Objects.requireNonNull(c); return this; }

        /** Checks every value and builds. */
        public LoginConfig build() {
            require(tokenSecret.length >= SessionTokens.MIN_SECRET_BYTES,
                    "token secret must be at least " + SessionTokens.MIN_SECRET_BYTES + " bytes, got " + tokenSecret.length);
            for (byte[] s : previousTokenSecrets) {
                require(s != null && s.length >= SessionTokens.MIN_SECRET_BYTES,
                        "every previous token secret must be at least " + SessionTokens.MIN_SECRET_BYTES + " bytes");
            }
            require(positive(tokenTtl), "token TTL must be positive");
            require(threads >= 1 && threads <= 256, "threads must be 1..256, got " + threads);
            require(queueCapacity >= 1, "queue capacity must be positive, got " + queueCapacity);
            require(addressBurst >= 1 && positive(addressInterval), "address throttle needs a positive burst and interval");
            require(userBurst >= 1 && positive(userInterval), "user throttle needs a positive burst and interval");
            require(throttleSlots >= 2 && throttleSlots <= (1 << 24) && Integer.bitCount(throttleSlots) == 1,
                    "throttle slots must be a power of two in [2, 2^24], got " + throttleSlots);
            require(positive(unavailableRetryAfter), "unavailable retry-after must be positive");
            return new LoginConfig(this);
        }

        private static boolean positive(Duration d) {
            return d != null && !d.isNegative() && !d.isZero();
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
