package io.constellation.satellite;

import io.constellation.satellite.wire.Transport;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything a {@link SatelliteServer} needs besides its collaborators: immutable,
 * validated by {@link Builder#build()}, with the defaults documented on each setter.
 */
public final class SatelliteServerConfig {

    private final String host;
    private final int port;
    private final String serverId;
    private final Transport transport;
    private final int ioThreads;
    private final int backlog;
    private final int maxFrameBytes;
    private final int maxFilesPerChunk;
    private final int maxSharedFiles;
    private final Duration heartbeatInterval;
    private final Duration loginTimeout;
    private final Duration resolveTimeout;
    private final Duration sweepInterval;
    private final int maxConnections;
    private final int connectionsPerSecondPerAddress;
    private final int writeBufferLowBytes;
    private final int writeBufferHighBytes;
    private final Duration slowReaderTimeout;
    private final int socketSendBufferBytes;
    private final int socketReceiveBufferBytes;
    private final Duration busyRetryAfter;
    private final Duration drainSpread;
    private final Duration drainGrace;

    private SatelliteServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.serverId = b.serverId;
        this.transport = b.transport;
        this.ioThreads = b.ioThreads;
        this.backlog = b.backlog;
        this.maxFrameBytes = b.maxFrameBytes;
        this.maxFilesPerChunk = b.maxFilesPerChunk;
        this.maxSharedFiles = b.maxSharedFiles;
        this.heartbeatInterval = b.heartbeatInterval;
        this.loginTimeout = b.loginTimeout;
        this.resolveTimeout = b.resolveTimeout;
        this.sweepInterval = b.sweepInterval;
        this.maxConnections = b.maxConnections;
        this.connectionsPerSecondPerAddress = b.connectionsPerSecondPerAddress;
        this.writeBufferLowBytes = b.writeBufferLowBytes;
        this.writeBufferHighBytes = b.writeBufferHighBytes;
        this.slowReaderTimeout = b.slowReaderTimeout;
        this.socketSendBufferBytes = b.socketSendBufferBytes;
        this.socketReceiveBufferBytes = b.socketReceiveBufferBytes;
        this.busyRetryAfter = b.busyRetryAfter;
        this.drainSpread = b.drainSpread;
        this.drainGrace = b.drainGrace;
    }

    /** A builder with every default. */
    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    public int port() { return port; }
    public String serverId() { return serverId; }
    public Transport transport() { return transport; }
    public int ioThreads() { return ioThreads; }
    public int backlog() { return backlog; }
    public int maxFrameBytes() { return maxFrameBytes; }
    public int maxFilesPerChunk() { return maxFilesPerChunk; }
    public int maxSharedFiles() { return maxSharedFiles; }
    public Duration heartbeatInterval() { return heartbeatInterval; }
    /** Three heartbeat intervals: a connection silent this long is closed. */
    public Duration idleTimeout() { return heartbeatInterval.multipliedBy(3); }
    public Duration loginTimeout() { return loginTimeout; }
    public Duration resolveTimeout() { return resolveTimeout; }
    public Duration sweepInterval() { return sweepInterval; }
    public int maxConnections() { return maxConnections; }
    public int connectionsPerSecondPerAddress() { return connectionsPerSecondPerAddress; }
    public int writeBufferLowBytes() { return writeBufferLowBytes; }
    public int writeBufferHighBytes() { return writeBufferHighBytes; }
    public Duration slowReaderTimeout() { return slowReaderTimeout; }
    /** SO_SNDBUF of each connection in bytes; 0 leaves it to the kernel. */
    public int socketSendBufferBytes() { return socketSendBufferBytes; }
    /** SO_RCVBUF of each connection in bytes; 0 leaves it to the kernel. */
    public int socketReceiveBufferBytes() { return socketReceiveBufferBytes; }
    public Duration busyRetryAfter() { return busyRetryAfter; }
    public Duration drainSpread() { return drainSpread; }
    public Duration drainGrace() { return drainGrace; }

    /** Mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private String serverId = "sat";
        private Transport transport = Transport.best();
        private int ioThreads = Runtime.getRuntime().availableProcessors();
        private int backlog = 4096;
        private int maxFrameBytes = 1024 * 1024;
        private int maxFilesPerChunk = 1000;
        private int maxSharedFiles = 20_000;
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration loginTimeout = Duration.ofSeconds(10);
        private Duration resolveTimeout = Duration.ofSeconds(30);
        private Duration sweepInterval = Duration.ofSeconds(1);
        private int maxConnections = 18_000;
        private int connectionsPerSecondPerAddress = 50;
        private int writeBufferLowBytes = 32 * 1024;
        private int writeBufferHighBytes = 64 * 1024;
        private Duration slowReaderTimeout = Duration.ofSeconds(30);
        private int socketSendBufferBytes;
        private int socketReceiveBufferBytes;
        private Duration busyRetryAfter = Duration.ofSeconds(5);
        private Duration drainSpread = Duration.ofSeconds(30);
        private Duration drainGrace = Duration.ofSeconds(5);

        private Builder() {
        }

        /** Address the listening socket binds to; default 127.0.0.1 (0.0.0.0 for every interface). */
        public Builder host(String host) { this.host = Objects.requireNonNull(host); return this; }
        /** Listening port; default 0 (pick a free one, read it back from {@link SatelliteServer#port()}). */
        public Builder port(int port) { this.port = port; return this; }
        /** Names this server in Welcome, logs and support requests; default "sat". */
        public Builder serverId(String id) { this.serverId = Objects.requireNonNull(id); return this; }
        /** Socket transport; default epoll where available, else NIO (the server logs which). */
        public Builder transport(Transport t) { this.transport = Objects.requireNonNull(t); return this; }
        /** Event loop threads (one of them also accepts); default one per core. */
        public Builder ioThreads(int n) { this.ioThreads = n; return this; }
        /**
         * Accept queue length of the listening socket; default 4096 (Linux's default
         * net.core.somaxconn, which caps it). The acceptor shares the event loops with the
         * connections, so in a login storm connections wait here while the loops work
         * through share lists: a short queue overflows and the satellites see timeouts and
         * resets instead of a delay.
         */
        public Builder backlog(int n) { this.backlog = n; return this; }
        /** Largest frame accepted, length prefix excluded; default 1 MiB. */
        public Builder maxFrameBytes(int n) { this.maxFrameBytes = n; return this; }
        /** Most files in one ShareList chunk, and most files added plus paths removed in one ShareDelta; default 1,000. */
        public Builder maxFilesPerChunk(int n) { this.maxFilesPerChunk = n; return this; }
        /** Most files one satellite may share; default 20,000. */
        public Builder maxSharedFiles(int n) { this.maxSharedFiles = n; return this; }
        /** How often satellites send a Heartbeat (told in Welcome); three silent intervals close a connection; default 30 s. */
        public Builder heartbeatInterval(Duration d) { this.heartbeatInterval = d; return this; }
        /** Time from connect to a successful login, including the catalog's answer; default 10 s. */
        public Builder loginTimeout(Duration d) { this.loginTimeout = d; return this; }
        /** Longest wait for the catalog to resolve one share list chunk or delta; default 30 s. */
        public Builder resolveTimeout(Duration d) { this.resolveTimeout = d; return this; }
        /** How often each event loop checks its connections' deadlines (the timeouts' resolution); default 1 s. */
        public Builder sweepInterval(Duration d) { this.sweepInterval = d; return this; }
        /** Open connections at most; more are refused with SERVER_BUSY. Default 18,000 (fits 20,000 open files per process). */
        public Builder maxConnections(int n) { this.maxConnections = n; return this; }
        /** New connections per second from one address at most, 0 = unlimited; default 50 (offices behind one NAT). */
        public Builder connectionsPerSecondPerAddress(int n) { this.connectionsPerSecondPerAddress = n; return this; }
        /**
         * Write buffer water marks per connection; default 32 KiB / 64 KiB. Above the high mark
         * the server stops reading from the satellite (it asks for nothing more until it reads
         * what it was sent) and closes it after {@link #slowReaderTimeout}.
         */
        public Builder writeBufferWaterMarks(int lowBytes, int highBytes) {
            this.writeBufferLowBytes = lowBytes;
            this.writeBufferHighBytes = highBytes;
            return this;
        }
        /** How long a satellite may leave the write buffer over its high water mark; default 30 s. */
        public Builder slowReaderTimeout(Duration d) { this.slowReaderTimeout = d; return this; }
        /**
         * Kernel socket buffers of each connection (SO_SNDBUF, SO_RCVBUF) in bytes; default 0
         * and 0: the kernel's own sizes and autotuning. Fixed sizes bound the kernel memory
         * of many idle connections, and what a satellite that does not read can hold up
         * before the write buffer water marks apply.
         */
        public Builder socketBuffers(int sendBytes, int receiveBytes) {
            this.socketSendBufferBytes = sendBytes;
            this.socketReceiveBufferBytes = receiveBytes;
            return this;
        }
        /** retry_after_ms of SERVER_BUSY (connection limit, catalog unavailable); default 5 s. */
        public Builder busyRetryAfter(Duration d) { this.busyRetryAfter = d; return this; }
        /** Window over which {@link SatelliteServer#close()} spreads its satellites' reconnects; default 30 s. */
        public Builder drainSpread(Duration d) { this.drainSpread = d; return this; }
        /** How long a drain waits for satellites to close after the notice before closing them; default 5 s. */
        public Builder drainGrace(Duration d) { this.drainGrace = d; return this; }

        /** Checks every value and builds. */
        public SatelliteServerConfig build() {
            require(port >= 0 && port <= 65535, "port out of range: " + port);
            require(!serverId.isEmpty() && serverId.length() <= 64, "server id must have 1 to 64 characters");
            require(ioThreads > 0, "io threads must be positive");
            require(backlog > 0, "backlog must be positive");
            require(maxFrameBytes >= 1024, "max frame bytes must be at least 1024, got " + maxFrameBytes);
            require(maxFilesPerChunk > 0, "max files per chunk must be positive");
            require(maxSharedFiles > 0, "max shared files must be positive");
            require(positive(heartbeatInterval) && heartbeatInterval.toMillis() <= Integer.MAX_VALUE,
                    "heartbeat interval must be positive and fit in 32 bits of milliseconds");
            require(positive(loginTimeout), "login timeout must be positive");
            require(positive(resolveTimeout), "resolve timeout must be positive");
            require(positive(sweepInterval), "sweep interval must be positive");
            require(maxConnections > 0, "max connections must be positive");
            require(connectionsPerSecondPerAddress >= 0, "connections per second per address must be >= 0");
            require(writeBufferLowBytes > 0 && writeBufferHighBytes >= writeBufferLowBytes,
                    "write buffer water marks must be positive with low <= high");
            require(positive(slowReaderTimeout), "slow reader timeout must be positive");
            require(socketSendBufferBytes >= 0 && socketReceiveBufferBytes >= 0, "socket buffers must be >= 0");
            require(positive(busyRetryAfter), "busy retry-after must be positive");
            require(drainSpread != null && !drainSpread.isNegative() && drainSpread.toMillis() <= Integer.MAX_VALUE,
                    "drain spread must be >= 0 and fit in 32 bits of milliseconds");
            require(positive(drainGrace), "drain grace must be positive");
            return new SatelliteServerConfig(this);
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
