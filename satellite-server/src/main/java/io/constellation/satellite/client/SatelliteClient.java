package io.constellation.satellite.client;

import io.constellation.common.retry.Backoff;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.Heartbeat;
import io.constellation.proto.satellite.v1.Hello;
import io.constellation.proto.satellite.v1.Login;
import io.constellation.proto.satellite.v1.LoginAccepted;
import io.constellation.proto.satellite.v1.Notice;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.proto.satellite.v1.ShareAck;
import io.constellation.proto.satellite.v1.ShareDelta;
import io.constellation.proto.satellite.v1.SharedFile;
import io.constellation.proto.satellite.v1.Welcome;
import io.constellation.satellite.client.internal.ClientBootstraps;
import io.constellation.satellite.client.internal.ClientChannelInitializer;
import io.constellation.satellite.client.internal.ClientEvents;
import io.constellation.satellite.wire.Transport;
import io.constellation.satellite.wire.WireLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A satellite: connects to a satellite server, says Hello, logs in, sends its share list
 * in chunks, sends heartbeats at the interval the server asks for, sends share deltas, and
 * reconnects after a lost connection with jittered exponential backoff (an explicit delay
 * from the server, Notice(RECONNECT) or a retry_after_ms, takes precedence).
 *
 * <p>It stops for good, without reconnecting, on {@link #close()}, on a failed login
 * (retrying a wrong password only gets the address throttled), on an unsupported
 * protocol version, and when a newer login of the same user replaced its session
 * (reconnecting would replace that one in turn, and the two would take turns forever).
 *
 * <p>Many clients can share one event loop group ({@link Builder#eventLoopGroup}); each
 * client stays on one event loop of it, where all its state changes, so it needs no locks.
 * The public methods are thread-safe; listener callbacks run on that event loop and must
 * not block.
 */
public final class SatelliteClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SatelliteClient.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

    /** Where a client is. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** A TCP connection is being opened. */
        CONNECTING,
        /** Hello and Login sent; waiting for LoginAccepted. */
        LOGGING_IN,
        /** Logged in; the share list is sent, its ShareAck not yet received. */
        SHARING,
        /** Logged in and the share list acknowledged. */
        ONLINE,
        /** Disconnected; waiting to reconnect. */
        WAITING,
        /** Stopped for good. */
        CLOSED
    }

    /**
     * Told what happens to a client; for load generators and user interfaces. Called on
     * the client's event loop: must be quick and must not block. Every method does nothing
     * by default.
     */
    public interface Listener {
        default void connected(SatelliteClient client) {
        }

        default void loggedIn(SatelliteClient client, LoginAccepted accepted) {
        }

        default void shareAcknowledged(SatelliteClient client, ShareAck ack) {
        }

        default void notice(SatelliteClient client, Notice notice) {
        }

        default void error(SatelliteClient client, Error error) {
        }

        default void disconnected(SatelliteClient client) {
        }

        /** The client stopped for good; {@code reason} is null after {@link #close()}. */
        default void stopped(SatelliteClient client, SatelliteClientException reason) {
        }
    }

    private final Builder settings;
    private final IoEventLoopGroup group;
    private final boolean ownsGroup;
    private final IoEventLoop loop;
    private final Bootstrap bootstrap;
    private final Listener listener;
    private final CompletableFuture<LoginAccepted> firstLogin = new CompletableFuture<>();
    private final CompletableFuture<ShareAck> firstShareAck = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    // Touched on the event loop only.
    /** The list sent at every login; null after a delta until the next login rebuilds it from {@link #files}. */
    private EncodedShareList shareList;
    /** The files by path, made at the first delta only (most clients never send one). */
    private Map<String, SharedFile> files;
    /** Whether {@link Listener#connected} was called for the current channel. */
    private boolean reportedConnected;
    private final ArrayDeque<CompletableFuture<ShareAck>> pendingAcks = new ArrayDeque<>();
    private Channel channel;
    private boolean stopping;
    private boolean flushPending;
    private int serverIndex;
    private int attempt;
    private long reconnectAfterMillis = -1;
    private long retryAfterMillis;
    private long lastHeardNanos;
    private ScheduledFuture<?> heartbeats;
    private ScheduledFuture<?> reconnect;
    private int locallyRejected;

    // Read by any thread.
    private volatile State state = State.NEW;
    private volatile Welcome welcome;
    private volatile Notice lastNotice;
    private volatile Error lastError;
    private volatile ShareAck lastShareAck;
    private volatile int logins;
    private volatile int connects;
    private volatile long lastReconnectDelayMillis = -1;
    private volatile SocketAddress localAddress;

    private SatelliteClient(Builder b) {
        this.settings = b;
        this.ownsGroup = b.group == null;
        this.group = ownsGroup ? Transport.best().newGroup(1, "satellite-client", true) : b.group;
        this.loop = group.next();
        this.listener = b.listener;
        this.shareList = b.shareList;
        Engine engine = new Engine();
        this.bootstrap = ClientBootstraps.of(loop, b.servers, b.localAddress, (int) b.connectTimeout.toMillis(),
                new ClientChannelInitializer(b.maxFrameBytes, engine));
    }

    /** A builder; {@link Builder#server}, {@link Builder#user} and {@link Builder#password} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts connecting; returns at once. */
    public SatelliteClient start() {
        if (!execute(() -> {
            if (state == State.NEW) {
                connect();
            }
        })) {
            throw new IllegalStateException("client closed");
        }
        return this;
    }

    /** Completes with the first successful login; fails if the client stops before one. */
    public CompletableFuture<LoginAccepted> loggedIn() {
        return firstLogin;
    }

    /** Completes with the ShareAck of the first complete share list; fails if the client stops before. */
    public CompletableFuture<ShareAck> sharesAcknowledged() {
        return firstShareAck;
    }

    /** Completes when the client has stopped for good, after {@link #close()} or a fatal error. */
    public CompletableFuture<Void> stopped() {
        return stopped;
    }

    /**
     * Changes the share list: removes {@code removedPaths}, then adds {@code added}. The
     * change is kept for the share lists of later reconnects too.
     *
     * @return the server's ShareAck of this delta; fails if the client is not online (the
     *     change is still kept and goes with the next full list) or the connection is lost
     *     before the answer
     */
    public CompletableFuture<ShareAck> shareDelta(Collection<SharedFile> added, Collection<String> removedPaths) {
        List<SharedFile> add = List.copyOf(added);
        List<String> remove = List.copyOf(removedPaths);
        CompletableFuture<ShareAck> ack = new CompletableFuture<>();
        if (!execute(() -> sendDelta(add, remove, ack))) {
            ack.completeExceptionally(new SatelliteClientException(null, "client closed"));
        }
        return ack;
    }

    public State state() {
        return state;
    }

    /** Successful logins so far, reconnects included. */
    public int logins() {
        return logins;
    }

    /** Connection attempts so far. */
    public int connects() {
        return connects;
    }

    /** The latest Welcome, or null before the first. */
    public Welcome welcome() {
        return welcome;
    }

    /** The latest Notice received, or null. */
    public Notice lastNotice() {
        return lastNotice;
    }

    /** The latest Error received, or null. */
    public Error lastError() {
        return lastError;
    }

    /** The latest ShareAck received, or null. */
    public ShareAck lastShareAck() {
        return lastShareAck;
    }

    /** The delay chosen before the latest reconnect, in milliseconds; -1 before the first. */
    public long lastReconnectDelayMillis() {
        return lastReconnectDelayMillis;
    }

    /** The local address of the current (or last) connection, or null before the first. */
    public SocketAddress localAddress() {
        return localAddress;
    }

    /**
     * Stops for good: no more reconnects, the connection closed, and the event loop group
     * shut down if the client made it. Waits for all that, up to 10 s; must not run on an
     * event loop ({@link #closeAsync()} may).
     */
    @Override
    public void close() {
        try {
            closeAsync().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("satellite client {} did not stop in time", settings.user);
        }
    }

    /**
     * Starts stopping for good, like {@link #close()}, without waiting: the future completes
     * (on the client's event loop, or at once if the client was closed before) when the
     * connection is closed and, if the client made its event loop group, that group is
     * shut down. Any thread.
     */
    public CompletableFuture<Void> closeAsync() {
        if (!execute(() -> stop(null))) {
            return stopped; // closed before: the event loop is gone
        }
        if (!ownsGroup) {
            return stopped;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        stopped.whenComplete((v, e) -> group.shutdownGracefully(0, 1, TimeUnit.SECONDS)
                .addListener(f -> done.complete(null)));
        return done;
    }

    /** Runs {@code task} on the client's event loop; false if that loop has been shut down. */
    private boolean execute(Runnable task) {
        try {
            loop.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    // ---- on the event loop ----

    private void connect() {
        if (stopping) {
            return;
        }
        List<InetSocketAddress> servers = settings.servers;
        InetSocketAddress server = servers.get(Math.floorMod(serverIndex++, servers.size()));
        state = State.CONNECTING;
        connects++;
        var connecting = settings.localAddress == null
                ? bootstrap.connect(server)
                : bootstrap.connect(server, new InetSocketAddress(settings.localAddress, 0));
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                log.debug("satellite client {} could not connect to {}: {}", settings.user, server, f.cause().toString());
                if (stopping) {
                    finishStop();
                } else {
                    scheduleReconnect();
                }
            }
        });
    }

    private void onConnected(Channel ch) {
        channel = ch;
        if (stopping) {
            ch.close(); // finishStop when it is closed
            return;
        }
        localAddress = ch.localAddress();
        lastHeardNanos = System.nanoTime();
        state = State.LOGGING_IN;
        write(ClientMessage.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(WireLimits.PROTOCOL_VERSION)
                .setClientName(settings.clientName)
                .setClientVersion(settings.clientVersion)
                .setTransferPort(settings.transferPort)
                .setFirewalled(settings.firewalled)).build());
        write(ClientMessage.newBuilder().setLogin(Login.newBuilder()
                .setUser(settings.user)
                .setPassword(settings.password)).build());
        flush();
        reportedConnected = true;
        listener.connected(this);
    }

    private void onMessage(ServerMessage message) {
        lastHeardNanos = System.nanoTime();
        switch (message.getBodyCase()) {
            case WELCOME -> onWelcome(message.getWelcome());
            case LOGIN_ACCEPTED -> onLoginAccepted(message.getLoginAccepted());
            case SHARE_ACK -> onShareAck(message.getShareAck());
            case HEARTBEAT -> { }
            case ERROR -> onError(message.getError());
            case NOTICE -> onNotice(message.getNotice());
            default -> log.debug("satellite client {} ignores {}", settings.user, message.getBodyCase());
        }
    }

    private void onWelcome(Welcome w) {
        welcome = w;
        long interval = Math.max(1, w.getHeartbeatIntervalMs());
        cancel(heartbeats);
        heartbeats = loop.scheduleAtFixedRate(this::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void onLoginAccepted(LoginAccepted accepted) {
        logins++;
        attempt = 0;
        state = State.SHARING;
        firstLogin.complete(accepted);
        listener.loggedIn(this, accepted);
        sendShareList();
    }

    private void sendShareList() {
        Welcome w = welcome;
        if (w == null) {
            log.warn("satellite client {}: login accepted without a Welcome first; reconnecting", settings.user);
            channel.close();
            return;
        }
        if (shareList == null) {
            shareList = EncodedShareList.ofDistinct(files.values());
        }
        int rejected = shareList.rejected();
        if (rejected != locallyRejected) {
            locallyRejected = rejected;
            log.info("satellite client {} keeps {} files over the protocol's field limits out of its share list",
                    settings.user, rejected);
        }
        int perChunk = Math.max(1, Math.min(settings.chunkSize, w.getMaxFilesPerChunk()));
        // The same bytes at every login until the list or the server's limits change.
        channel.write(shareList.frames(perChunk, w.getMaxFrameBytes(), w.getMaxSharedFiles()).duplicate(),
                channel.voidPromise());
        flushPending = true;
        pendingAcks.add(new CompletableFuture<>());
    }

    private void onShareAck(ShareAck ack) {
        lastShareAck = ack;
        CompletableFuture<ShareAck> waiting = pendingAcks.poll();
        if (state == State.SHARING) {
            state = State.ONLINE;
            firstShareAck.complete(ack);
        }
        if (waiting != null) {
            waiting.complete(ack);
        }
        listener.shareAcknowledged(this, ack);
    }

    private void onError(Error error) {
        lastError = error;
        log.info("satellite client {} got {}: {}", settings.user, error.getCode(), error.getMessage());
        listener.error(this, error);
        ErrorCode code = error.getCode();
        if (code == ErrorCode.LOGIN_FAILED || code == ErrorCode.UNSUPPORTED_VERSION) {
            stop(new SatelliteClientException(code, error.getMessage()));
        } else if (error.getRetryAfterMs() > 0) {
            retryAfterMillis = error.getRetryAfterMs();
        }
    }

    private void onNotice(Notice notice) {
        lastNotice = notice;
        listener.notice(this, notice);
        switch (notice.getKind()) {
            case RECONNECT -> {
                reconnectAfterMillis = notice.getReconnectAfterMs();
                if (channel != null) {
                    channel.close();
                }
            }
            case SESSION_REPLACED -> stop(new SatelliteClientException(null,
                    "replaced by another login of the same user: " + notice.getText()));
            default -> log.info("satellite client {}: notice {}", settings.user, notice.getText());
        }
    }

    private void sendDelta(List<SharedFile> added, List<String> removed, CompletableFuture<ShareAck> ack) {
        if (files == null) {
            files = new LinkedHashMap<>();
            for (SharedFile f : shareList.files()) {
                files.put(f.getPath(), f);
            }
        }
        shareList = null; // the next login's list is built from files
        for (String path : removed) {
            files.remove(path);
        }
        List<SharedFile> valid = new ArrayList<>(added.size());
        for (SharedFile f : added) {
            files.put(f.getPath(), f);
            if (WireLimits.checkFile(f) == null) {
                valid.add(f);
            }
        }
        Welcome w = welcome;
        if (channel == null || (state != State.ONLINE && state != State.SHARING)) {
            ack.completeExceptionally(new SatelliteClientException(null,
                    "not online (" + state + "); the change goes with the next share list"));
            return;
        }
        if (valid.size() + removed.size() > w.getMaxFilesPerChunk()) {
            ack.completeExceptionally(new IllegalArgumentException("a delta carries at most "
                    + w.getMaxFilesPerChunk() + " files and paths; the change goes with the next share list"));
            return;
        }
        pendingAcks.add(ack);
        write(ClientMessage.newBuilder().setShareDelta(ShareDelta.newBuilder()
                .addAllAdded(valid).addAllRemovedPaths(removed)).build());
        flush();
    }

    private void heartbeat() {
        Channel ch = channel;
        Welcome w = welcome;
        if (ch == null || w == null) {
            return;
        }
        long silentMillis = (System.nanoTime() - lastHeardNanos) / 1_000_000;
        if (silentMillis > 3L * w.getHeartbeatIntervalMs()) {
            log.info("satellite client {}: server silent for {} ms; reconnecting", settings.user, silentMillis);
            ch.close();
            return;
        }
        write(ClientMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setSentAtMs(System.currentTimeMillis())).build());
        flush();
    }

    private void onDisconnected(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        cancel(heartbeats);
        heartbeats = null;
        failPendingAcks("connection lost before the server answered");
        if (reportedConnected) { // a channel closed at once because the client was stopping never was
            reportedConnected = false;
            listener.disconnected(this);
        }
        if (stopping) {
            finishStop();
        } else if (!settings.reconnect) {
            stop(new SatelliteClientException(lastError == null ? null : lastError.getCode(), "connection lost"));
        } else {
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        long delay;
        if (reconnectAfterMillis >= 0) {
            delay = reconnectAfterMillis; // the server spread its satellites already
            attempt = 0;
        } else {
            delay = Math.max(retryAfterMillis, settings.backoff.delayMillis(attempt++, settings.random));
        }
        reconnectAfterMillis = -1;
        retryAfterMillis = 0;
        lastReconnectDelayMillis = delay;
        state = State.WAITING;
        log.debug("satellite client {} reconnects in {} ms", settings.user, delay);
        reconnect = loop.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
    }

    private void stop(SatelliteClientException reason) {
        if (stopping) {
            return;
        }
        stopping = true;
        cancel(reconnect);
        cancel(heartbeats);
        // A close after the first ShareAck, with no delta waiting, fails nothing: no exception
        // made (filling in its stack trace cost a load generator more than the rest of stop).
        if (reason != null || !firstShareAck.isDone() || !pendingAcks.isEmpty()) {
            SatelliteClientException why = reason != null ? reason : new SatelliteClientException(null, "client closed");
            firstLogin.completeExceptionally(why);
            firstShareAck.completeExceptionally(why);
            failPendingAcks(why.getMessage());
        }
        listener.stopped(this, reason);
        if (channel != null) {
            channel.close(); // finishStop when it is closed
        } else if (state != State.CONNECTING) {
            finishStop();
        }
    }

    private void finishStop() {
        state = State.CLOSED;
        stopped.complete(null);
    }

    private void failPendingAcks(String why) {
        CompletableFuture<ShareAck> f;
        while ((f = pendingAcks.poll()) != null) {
            f.completeExceptionally(new SatelliteClientException(null, why));
        }
    }

    private void write(ClientMessage message) {
        channel.write(message, channel.voidPromise());
        flushPending = true;
    }

    private void flush() {
        if (flushPending && channel != null) {
            flushPending = false;
            channel.flush();
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** The channel's events, filtered to the current channel. */
    private final class Engine implements ClientEvents {
        @Override
        public void connected(Channel ch) {
            onConnected(ch);
        }

        @Override
        public void received(Channel ch, ServerMessage message) {
            if (ch == channel && !stopping) {
                onMessage(message);
            }
        }

        @Override
        public void readComplete(Channel ch) {
            if (ch == channel) {
                flush();
            }
        }

        @Override
        public void disconnected(Channel ch) {
            onDisconnected(ch);
        }

        @Override
        public void failed(Channel ch, Throwable cause) {
            log.debug("satellite client {} connection failed: {}", settings.user, cause.toString());
            ch.close();
        }
    }

    /** Settings of a client; mutable, single-threaded; {@link #build()} validates. */
    public static final class Builder {
        private List<InetSocketAddress> servers = List.of();
        private String user;
        private String password;
        private String clientName = "constellation-java";
        private String clientVersion = "1";
        private int transferPort;
        private boolean firewalled;
        private EncodedShareList shareList = EncodedShareList.of(List.of());
        private int chunkSize = 500;
        private IoEventLoopGroup group;
        private InetAddress localAddress;
        private Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));
        private boolean reconnect = true;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int maxFrameBytes = 1024 * 1024;
        private RandomGenerator random = new SplittableRandom();
        private Listener listener = new Listener() { };

        private Builder() {
        }

        /** The server to connect to. */
        public Builder server(InetSocketAddress server) {
            return servers(List.of(server));
        }

        /** Servers to connect to, tried in turn, one per connection attempt. */
        public Builder servers(List<InetSocketAddress> servers) {
            this.servers = List.copyOf(servers);
            return this;
        }

        public Builder user(String user) { this.user = Objects.requireNonNull(user); return this; }
        public Builder password(String password) { this.password = Objects.requireNonNull(password); return this; }
        /** Sent in Hello; default "constellation-java". */
        public Builder clientName(String name) { this.clientName = Objects.requireNonNull(name); return this; }
        /** Sent in Hello; default "1". */
        public Builder clientVersion(String version) { this.clientVersion = Objects.requireNonNull(version); return this; }
        /** Port this satellite accepts peer transfers on, sent in Hello; default 0 (none). */
        public Builder transferPort(int port) { this.transferPort = port; return this; }
        /** Whether this satellite believes it cannot accept connections, sent in Hello; default false. */
        public Builder firewalled(boolean firewalled) { this.firewalled = firewalled; return this; }
        /** The files to share (later changes go through {@link SatelliteClient#shareDelta}); default none. */
        public Builder files(Collection<SharedFile> files) { this.shareList = EncodedShareList.of(files); return this; }
        /**
         * The files to share, already made into a list that other clients may share too
         * (so it is checked and encoded once for all of them); replaces {@link #files}.
         */
        public Builder shareList(EncodedShareList list) { this.shareList = Objects.requireNonNull(list); return this; }
        /** Files per ShareList chunk at most (the server's limit applies too); default 500. */
        public Builder chunkSize(int n) { this.chunkSize = n; return this; }
        /** Event loops to run on, shared with other clients and not closed by this one; default a private one-thread group. */
        public Builder eventLoopGroup(IoEventLoopGroup group) { this.group = Objects.requireNonNull(group); return this; }
        /** Local address to connect from (e.g. 127.0.0.2 for more source ports); default any. */
        public Builder localAddress(InetAddress address) { this.localAddress = address; return this; }
        /** Delays between reconnects; default 1 s doubling to 60 s, fully jittered. */
        public Builder backoff(Backoff backoff) { this.backoff = Objects.requireNonNull(backoff); return this; }
        /** Whether to reconnect after a lost connection; default true. */
        public Builder reconnect(boolean reconnect) { this.reconnect = reconnect; return this; }
        /** How long a TCP connect may take; default 10 s. */
        public Builder connectTimeout(Duration d) { this.connectTimeout = Objects.requireNonNull(d); return this; }
        /** Largest frame accepted from the server; default 1 MiB. */
        public Builder maxFrameBytes(int n) { this.maxFrameBytes = n; return this; }
        /** Source of the backoff jitter; default a new SplittableRandom. */
        public Builder random(RandomGenerator random) { this.random = Objects.requireNonNull(random); return this; }
        /** Told about logins, acks, notices, errors; default none. */
        public Builder listener(Listener listener) { this.listener = Objects.requireNonNull(listener); return this; }

        /** Checks the settings and builds a client (not started). */
        public SatelliteClient build() {
            require(!servers.isEmpty(), "at least one server address is required");
            require(user != null && !user.isEmpty(), "user is required");
            require(WireLimits.utf8Length(user) <= WireLimits.MAX_NAME_BYTES, "user name over "
                    + WireLimits.MAX_NAME_BYTES + " bytes");
            require(password != null, "password is required");
            require(WireLimits.utf8Length(clientName) <= WireLimits.MAX_NAME_BYTES
                    && WireLimits.utf8Length(clientVersion) <= WireLimits.MAX_NAME_BYTES,
                    "client name and version have at most " + WireLimits.MAX_NAME_BYTES + " bytes each");
            require(transferPort >= 0 && transferPort <= 65535, "transfer port out of range");
            require(chunkSize > 0, "chunk size must be positive");
            require(maxFrameBytes >= 1024, "max frame bytes must be at least 1024");
            require(!connectTimeout.isNegative() && !connectTimeout.isZero()
                    && connectTimeout.toMillis() <= Integer.MAX_VALUE, "connect timeout must be positive");
            return new SatelliteClient(this);
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
