package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.Error;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.Hello;
import io.constellation.proto.satellite.v1.Login;
import io.constellation.proto.satellite.v1.NoticeKind;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.satellite.internal.SatelliteMetrics.LoginResult;
import io.constellation.satellite.login.Credential;
import io.constellation.satellite.login.LoginOutcome;
import io.constellation.satellite.wire.ShareFrame;
import io.constellation.satellite.wire.WireLimits;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One satellite connection: its protocol state machine (see {@link Transitions}), its
 * login and its shares. The only per-channel object besides the frame decoder, so
 * everything a connection holds is here, in primitive fields where possible: an idle
 * connection costs this object and nothing it points to but the shared
 * {@link ServerContext}.
 *
 * <p>Every method runs on the channel's event loop. Answers from the authenticator and
 * the resolver come back on their own threads and hop to the event loop before they touch
 * anything. While one is awaited, messages queue up, to be judged in order by the state
 * the answer leads to, and the first one queued pauses reading: a satellite may send its
 * Login and its share list without waiting, and memory stays bounded by one socket read.
 *
 * <p>Writes made while handling a read batch are flushed once, when the batch ends
 * ({@link #channelReadComplete}); writes made elsewhere are flushed at the end of what
 * made them.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    // Bits of flags: why reading is paused, and small booleans, in one int.
    private static final int PAUSE_AWAITING = 1;
    private static final int PAUSE_BACKPRESSURE = 1 << 1;
    private static final int PAUSE_CLOSING = 1 << 2;
    private static final int PAUSE_MASK = PAUSE_AWAITING | PAUSE_BACKPRESSURE | PAUSE_CLOSING;
    private static final int FLUSH_PENDING = 1 << 3;
    private static final int IN_READ = 1 << 4;
    private static final int RUNNING_DEFERRED = 1 << 5;
    private static final int CLOSE_STARTED = 1 << 6;
    private static final int FIREWALLED = 1 << 7;
    // The connection's ConnectionState, by ordinal, in bits 8 to 10 of the same int: a
    // field of its own would cost 4 bytes on every connection.
    private static final int STATE_SHIFT = 8;
    private static final int STATE_MASK = 0b111 << STATE_SHIFT;
    private static final ConnectionState[] STATES = ConnectionState.values();

    /**
     * Most messages queued while an answer is awaited. Reading is paused then, so the queue
     * holds at most what a read or two (64 KiB each at most) decoded into: a satellite that
     * pipelines share list chunks (tens of bytes each at the very least) stays far below;
     * this caps floods of tiny frames, each of which costs some 60 bytes once parsed.
     */
    static final int MAX_DEFERRED = 4096;

    // An idle connection is this object (72 bytes with compressed oops) and what Netty
    // holds; keep new fields primitive and nullable ones null while idle.
    private final ServerContext server;
    /** For log lines only; wraps after 2^32 connections. */
    private final int id;
    /** This connection's index in its {@link LoopConnections}; -1 when not in one. */
    int slot = -1;
    private ChannelHandlerContext ctx;
    /** The flag bits above and the state (CONNECTED is ordinal 0). */
    private int flags;
    // Times in milliseconds of ServerContext#millis(): ints that wrap after 24 days, which
    // is safe because each is compared with "now" by every sweep, long before that.
    /**
     * Where the state's deadline counts from: the connect until the login is accepted
     * (the login timeout covers Hello and the login's check), then the start of a
     * resolution in RESOLVING, or of closing in CLOSING. One field, as no state uses two.
     */
    private int since;
    private int lastFrameAt;
    /** When the write buffer passed its high water mark; meaningful while unwritable. */
    private int unwritableSince;
    /** The logged-in user, or -1. Primitives rather than the login object: 12 bytes, not 130. */
    private long userId = -1;
    /** The user's transfer slots, read at login and held for the connection. */
    private short maxSend;
    private short maxRecv;
    /** The port the satellite accepts peer transfers on (from Hello), 0 for none; for the transfer stage. */
    private char transferPort;
    /**
     * What the session shares and the counts include; null while it shares nothing (most
     * idle satellites): an empty set would cost some 300 bytes of empty maps.
     */
    private ShareSet shares;
    /** The share list being received; null between lists. */
    private IncomingList incoming;
    /** Messages that arrived while an answer was awaited; null when none. */
    private ArrayDeque<Object> deferred;

    ConnectionHandler(ServerContext server) {
        this.server = server;
        this.id = server.nextConnectionId();
    }

    /** The connection id that log lines carry. */
    int id() {
        return id;
    }

    ConnectionState state() {
        return STATES[(flags & STATE_MASK) >>> STATE_SHIFT];
    }

    private void state(ConnectionState next) {
        flags = (flags & ~STATE_MASK) | next.ordinal() << STATE_SHIFT;
    }

    /** The logged-in user, or -1 before the login; set once, as the session registry requires. */
    long userId() {
        return userId;
    }

    /** Transfer slots of the logged-in user (0 before the login). */
    int maxSend() {
        return maxSend;
    }

    int maxRecv() {
        return maxRecv;
    }

    /** The satellite's peer transfer port from its Hello, 0 for none. */
    int transferPort() {
        return transferPort;
    }

    /** Whether the satellite said in its Hello that it cannot accept connections. */
    boolean firewalled() {
        return (flags & FIREWALLED) != 0;
    }

    // ---- channel lifecycle ----

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        int now = server.millis();
        since = now;
        lastFrameAt = now;
        server.loop(ctx.executor()).add(this);
        if (log.isDebugEnabled()) { // spares boxing the id on every connect
            log.debug("c{} open from {}", id, ctx.channel().remoteAddress());
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ConnectionState was = state();
        state(ConnectionState.CLOSING);
        deferred = null;
        incoming = null;
        if (userId >= 0) {
            server.sessions.unregister(this);
            dropShares();
        }
        server.loop(ctx.executor()).remove(this);
        server.closed();
        if (log.isDebugEnabled()) {
            log.debug("c{} closed in state {}", id, was);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ClientMessage) && !(msg instanceof ShareFrame)) {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException("the message codec passes only ClientMessage and ShareFrame, got "
                    + msg.getClass());
        }
        flags |= IN_READ;
        lastFrameAt = server.millis();
        ConnectionState state = state();
        if (state == ConnectionState.CLOSING) {
            return;
        }
        if (state.awaiting()) {
            defer(msg);
            return;
        }
        handle(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flags &= ~IN_READ;
        flushIfNeeded();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            resume(PAUSE_BACKPRESSURE);
        } else {
            // The satellite does not read what we send: ask it for nothing more (stop
            // reading) until it catches up; the sweep closes it if it never does.
            unwritableSince = server.millis();
            pause(PAUSE_BACKPRESSURE);
        }
        ctx.fireChannelWritabilityChanged();
    }

    // ---- messages ----

    /** @param message a ClientMessage, or a ShareFrame for a ShareList or ShareDelta */
    private void handle(Object message) {
        if (message instanceof ShareFrame share) {
            handle(share);
            return;
        }
        ClientMessage m = (ClientMessage) message;
        Event event = Event.of(m);
        ConnectionState next = Transitions.next(state(), event);
        if (next == null) {
            violation(ErrorCode.PROTOCOL_VIOLATION, event.describe() + " is not allowed in state " + state());
            return;
        }
        switch (event) {
            case HELLO -> onHello(m.getHello(), next);
            case LOGIN -> onLogin(m.getLogin(), next);
            case HEARTBEAT -> send(Replies.heartbeat(m.getHeartbeat()));
            case CLIENT_ERROR -> onClientError(m.getError());
            default -> throw new IllegalStateException("not a message event: " + event);
        }
    }

    private void handle(ShareFrame share) {
        Event event = Event.of(share);
        if (Transitions.next(state(), event) == null) {
            violation(ErrorCode.PROTOCOL_VIOLATION, event.describe() + " is not allowed in state " + state());
            return;
        }
        if (share.isDelta()) {
            ShareIntake.onShareDelta(this, share);
        } else {
            ShareIntake.onShareList(this, share);
        }
    }

    private void defer(Object message) {
        if (deferred == null) {
            deferred = new ArrayDeque<>(4);
        }
        if (deferred.size() == MAX_DEFERRED) {
            violation(ErrorCode.PROTOCOL_VIOLATION,
                    "more than " + MAX_DEFERRED + " messages sent while the server was still answering one");
            return;
        }
        deferred.add(message);
        // Reading pauses only now that a message has to wait, not when the wait began: a
        // satellite that sends its Login and then waits for the answer (most do) costs no
        // pause and resume (two epoll_ctl calls) a login. What is read until the pause takes
        // effect is still at most the rest of this socket read.
        pause(PAUSE_AWAITING);
    }

    /**
     * Judges the queued messages in order until the queue is empty or one of them makes the
     * connection wait again. Not re-entrant: an answer completed inline by a queued message
     * returns here instead of starting a nested loop.
     */
    private void runDeferred() {
        if ((flags & RUNNING_DEFERRED) != 0) {
            return;
        }
        flags |= RUNNING_DEFERRED;
        try {
            while (deferred != null && !deferred.isEmpty() && !state().awaiting()
                    && state() != ConnectionState.CLOSING) {
                handle(deferred.poll());
            }
        } finally {
            flags &= ~RUNNING_DEFERRED;
        }
        if (!state().awaiting()) {
            deferred = null;
            resume(PAUSE_AWAITING);
        }
    }

    private void onHello(Hello hello, ConnectionState next) {
        if (hello.getProtocolVersion() != WireLimits.PROTOCOL_VERSION) {
            violation(ErrorCode.UNSUPPORTED_VERSION, "this server speaks protocol version "
                    + WireLimits.PROTOCOL_VERSION + ", not " + hello.getProtocolVersion());
            return;
        }
        if (WireLimits.utf8Length(hello.getClientName()) > WireLimits.MAX_NAME_BYTES
                || WireLimits.utf8Length(hello.getClientVersion()) > WireLimits.MAX_NAME_BYTES) {
            violation(ErrorCode.INVALID_FIELD, "client name and version may have at most "
                    + WireLimits.MAX_NAME_BYTES + " bytes each");
            return;
        }
        if (hello.getTransferPort() > 65535) {
            violation(ErrorCode.INVALID_FIELD, "transfer port " + hello.getTransferPort() + " is not a TCP port");
            return;
        }
        transferPort = (char) hello.getTransferPort();
        if (hello.getFirewalled()) {
            flags |= FIREWALLED;
        }
        state(next);
        send(server.welcome);
    }

    private void onLogin(Login message, ConnectionState next) {
        String user = message.getUser();
        if (user.isEmpty() || WireLimits.utf8Length(user) > WireLimits.MAX_NAME_BYTES) {
            violation(ErrorCode.INVALID_FIELD, "user name must have 1 to " + WireLimits.MAX_NAME_BYTES + " bytes");
            return;
        }
        Credential credential = credential(message);
        if (credential == null) {
            return;
        }
        state(next); // the login timeout still counts from the connect
        long started = server.nanoClock.getAsLong(); // kept by the callback, not in a field
        CompletableFuture<LoginOutcome> outcome;
        try {
            outcome = server.authenticator.authenticate(remoteAddress(), user, credential);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        await(outcome, (answer, failure) -> onLoginOutcome(answer, failure, started));
    }

    private Credential credential(Login message) {
        switch (message.getCredentialCase()) {
            case PASSWORD -> {
                if (WireLimits.utf8Length(message.getPassword()) > WireLimits.MAX_PASSWORD_BYTES) {
                    violation(ErrorCode.INVALID_FIELD, "password over " + WireLimits.MAX_PASSWORD_BYTES + " bytes");
                    return null;
                }
                return new Credential.Password(message.getPassword());
            }
            case SESSION_TOKEN -> {
                if (message.getSessionToken().size() > WireLimits.MAX_TOKEN_BYTES) {
                    violation(ErrorCode.INVALID_FIELD, "session token over " + WireLimits.MAX_TOKEN_BYTES + " bytes");
                    return null;
                }
                return new Credential.SessionToken(message.getSessionToken().toByteArray());
            }
            default -> {
                violation(ErrorCode.INVALID_FIELD, "Login carries neither a password nor a session token");
                return null;
            }
        }
    }

    private void onLoginOutcome(LoginOutcome outcome, Throwable failure, long started) {
        if (state() != ConnectionState.LOGGING_IN) {
            return; // closed while the authenticator worked
        }
        long nanos = server.nanoClock.getAsLong() - started;
        if (failure != null || outcome == null) {
            server.metrics.login(LoginResult.ERROR, nanos);
            log.warn("c{} authenticator failed", id, failure);
            enter(Event.LOGIN_REJECTED);
            closeWith(Replies.error(ErrorCode.INTERNAL, "login failed on the server; try again later",
                    server.busyRetryMillis), true);
            return;
        }
        if (outcome instanceof LoginOutcome.Accepted accepted) {
            loggedIn(accepted, nanos);
        } else {
            rejected((LoginOutcome.Rejected) outcome, nanos);
        }
    }

    private void loggedIn(LoginOutcome.Accepted accepted, long nanos) {
        if (!enter(Event.LOGIN_ACCEPTED)) {
            return;
        }
        server.metrics.login(LoginResult.ACCEPTED, nanos);
        userId = accepted.userId();
        maxSend = (short) Math.min(Short.MAX_VALUE, Math.max(0, accepted.maxSend()));
        maxRecv = (short) Math.min(Short.MAX_VALUE, Math.max(0, accepted.maxRecv()));
        ConnectionHandler replaced = server.sessions.register(this);
        if (replaced != null) {
            replaced.ctx.executor().execute(replaced::onReplaced);
        }
        if (log.isDebugEnabled()) { // spares boxing three numbers and a varargs array on every login
            log.debug("c{} logged in as user {} in {} µs", id, accepted.userId(), nanos / 1000);
        }
        send(Replies.loginAccepted(accepted));
        runDeferred();
    }

    private void rejected(LoginOutcome.Rejected rejected, long nanos) {
        if (!enter(Event.LOGIN_REJECTED)) {
            return;
        }
        ErrorCode code;
        LoginResult result;
        long retryAfter = rejected.retryAfterMillis();
        switch (rejected.reason()) {
            case THROTTLED -> {
                code = ErrorCode.LOGIN_THROTTLED;
                result = LoginResult.THROTTLED;
            }
            case UNAVAILABLE -> {
                code = ErrorCode.SERVER_BUSY;
                result = LoginResult.UNAVAILABLE;
                retryAfter = retryAfter > 0 ? retryAfter : server.busyRetryMillis;
            }
            default -> {
                code = ErrorCode.LOGIN_FAILED;
                result = LoginResult.BAD_CREDENTIALS;
                retryAfter = 0;
            }
        }
        server.metrics.login(result, nanos);
        log.info("c{} login refused: {}", id, result);
        closeWith(Replies.error(code, rejected.message(), retryAfter), true);
    }

    /** Another login of the same user took over: tell this satellite, then close. */
    private void onReplaced() {
        if ((flags & CLOSE_STARTED) != 0) {
            return;
        }
        server.metrics.sessionReplaced();
        log.info("c{} replaced by a newer login of user {}", id, userId);
        closeWith(Replies.notice(NoticeKind.SESSION_REPLACED,
                "this user logged in on another connection; this one is closed", 0), true);
    }

    private void onClientError(Error error) {
        server.metrics.clientError(error.getCode());
        log.info("c{} satellite reports {}: {}", id, error.getCode(), error.getMessage());
        state(ConnectionState.CLOSING);
        closeNow();
    }

    // ---- what ShareIntake needs ----

    ServerContext server() {
        return server;
    }

    IncomingList incoming() {
        return incoming;
    }

    void incoming(IncomingList list) {
        incoming = list;
    }

    /** The session's committed shares, created on first use (a delta, a non-empty list). */
    ShareSet shares() {
        if (shares == null) {
            shares = new ShareSet();
        }
        return shares;
    }

    /** Whether a share set is allocated (a session that shares nothing should hold none). */
    boolean holdsShareSet() {
        return shares != null;
    }

    /** Files the session shares now. */
    int sharedFiles() {
        return shares == null ? 0 : shares.files();
    }

    /** Distinct tracks the session shares now. */
    int sharedTracks() {
        return shares == null ? 0 : shares.tracks();
    }

    /**
     * Makes the complete list {@code next} (not counted yet) the session's shares and
     * reports the difference to the counts. An empty list leaves no set behind, so an idle
     * satellite that shares nothing holds no maps. {@code next} must not be used afterwards.
     */
    void replaceShares(ShareSet next) {
        if (next.files() == 0) {
            dropShares();
            return;
        }
        int before = sharedFiles();
        ShareSet current = shares();
        current.replaceWith(next, server.counts);
        server.metrics.sharedFiles(current.files() - before);
    }

    /** Withdraws the session's shares from the counts and the metrics, and forgets them. */
    private void dropShares() {
        if (shares != null) {
            server.metrics.sharedFiles(-shares.files());
            shares.clear(server.counts);
            shares = null;
        }
    }

    /** Enters RESOLVING and waits for {@code answer}; {@code then} runs on this loop. */
    <T> void resolve(CompletableFuture<T> answer, BiConsumer<T, Throwable> then) {
        state(ConnectionState.RESOLVING);
        since = server.millis();
        await(answer, then);
    }

    /** Leaves RESOLVING by {@code event}, then judges what queued up meanwhile. */
    void resolved(Event event) {
        if (enter(event)) {
            runDeferred();
        }
    }

    // ---- awaiting answers ----

    /**
     * Runs {@code then} with the answer of {@code future} on this event loop: at once if it
     * is already there (no task), else when it comes; meanwhile messages queue up and the
     * first one queued pauses reading ({@link #defer}).
     */
    private <T> void await(CompletableFuture<T> future, BiConsumer<T, Throwable> then) {
        if (future.isDone()) {
            complete(future, then);
            return;
        }
        future.whenCompleteAsync((value, failure) -> {
            then.accept(value, unwrap(failure));
            flushIfNeeded();
        }, ctx.executor());
    }

    private static <T> void complete(CompletableFuture<T> future, BiConsumer<T, Throwable> then) {
        T value;
        try {
            value = future.join();
        } catch (CompletionException | CancellationException e) {
            then.accept(null, unwrap(e));
            return;
        }
        then.accept(value, null);
    }

    private static Throwable unwrap(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    // ---- transitions, writes and closing ----

    /**
     * Takes {@code event} through the table. An event the table refuses here is our own
     * bug (answers come only in the states that asked for them), so it closes as INTERNAL.
     */
    private boolean enter(Event event) {
        ConnectionState next = Transitions.next(state(), event);
        if (next == null) {
            violation(ErrorCode.INTERNAL, "server error: " + event + " in state " + state());
            return false;
        }
        state(next);
        return true;
    }

    /** Queues {@code message}; flushed with the read batch or by the caller's flush. */
    void send(ServerMessage message) {
        ctx.write(message, ctx.voidPromise());
        flags |= FLUSH_PENDING;
    }

    void flushIfNeeded() {
        if ((flags & (FLUSH_PENDING | IN_READ)) == FLUSH_PENDING) {
            flags &= ~FLUSH_PENDING;
            ctx.flush();
        }
    }

    /** The satellite broke the protocol: count it, tell it why, close. */
    void violation(ErrorCode code, String message) {
        if ((flags & CLOSE_STARTED) != 0) {
            return;
        }
        server.metrics.protocolError(code);
        log.info("c{} {} in state {}: {}", id, code, state(), message);
        closeWith(Replies.error(code, message, 0), true);
    }

    /** Closes for a reason that is not the satellite's fault (an unavailable catalog, a timeout). */
    void closeWithError(ErrorCode code, String message, long retryAfterMillis) {
        if ((flags & CLOSE_STARTED) != 0) {
            return;
        }
        log.info("c{} closing in state {}: {} {}", id, state(), code, message);
        closeWith(Replies.error(code, message, retryAfterMillis), true);
    }

    /**
     * Sends {@code last} (with anything pending) and enters CLOSING. With
     * {@code closeWhenWritten} the channel closes once the bytes are with the kernel;
     * without, the satellite is left to close itself (it keeps being read, so its close is
     * seen) and the sweep closes it after the grace period.
     */
    private void closeWith(ServerMessage last, boolean closeWhenWritten) {
        if ((flags & CLOSE_STARTED) != 0) {
            return;
        }
        flags |= CLOSE_STARTED;
        state(ConnectionState.CLOSING);
        since = server.millis();
        deferred = null;
        flags &= ~FLUSH_PENDING;
        if (closeWhenWritten) {
            // Nothing more will be read; keeps a peer that floods us from costing CPU.
            pause(PAUSE_CLOSING);
            ctx.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(last, ctx.voidPromise());
        }
    }

    void closeNow() {
        flags |= CLOSE_STARTED;
        state(ConnectionState.CLOSING);
        ctx.close();
    }

    // ---- the sweep and the drain (on this loop, from ServerContext) ----

    /** Checks this connection's deadlines at {@code now} (milliseconds of ServerContext#millis()). */
    void sweep(int now) {
        ConnectionState state = state();
        switch (state) {
            case CONNECTED, HELLO_RECEIVED, LOGGING_IN -> {
                if (now - since > server.loginTimeoutMillis) {
                    server.metrics.loginTimeout();
                    closeWithError(ErrorCode.TIMEOUT, "no login within "
                            + server.config.loginTimeout().toMillis() + " ms of connecting", 0);
                }
            }
            case ONLINE, RECEIVING_LIST -> {
                if (now - lastFrameAt > server.idleTimeoutMillis) {
                    server.metrics.idleDisconnect();
                    closeWithError(ErrorCode.TIMEOUT, "no frame for " + server.config.idleTimeout().toMillis()
                            + " ms (three heartbeat intervals)", 0);
                }
            }
            case RESOLVING -> {
                if (now - since > server.resolveTimeoutMillis) {
                    server.metrics.resolveFailure(SatelliteMetrics.ResolveFailure.TIMEOUT);
                    closeWithError(ErrorCode.SERVER_BUSY, "the share list could not be matched to the catalog in time;"
                            + " try again later", server.busyRetryMillis);
                }
            }
            case CLOSING -> {
                if (now - since > server.closingGraceMillis) {
                    ctx.close(); // the satellite neither read our last message nor closed
                }
            }
        }
        if (!ctx.channel().isWritable() && state() != ConnectionState.CLOSING
                && now - unwritableSince > server.slowReaderMillis) {
            server.metrics.slowReaderDisconnect();
            log.info("c{} closed: reads nothing of what it is sent", id);
            closeNow();
        }
    }

    /** The server is draining: tell the satellite to come back elsewhere after {@code delayMillis}. */
    void drain(int delayMillis) {
        if ((flags & CLOSE_STARTED) != 0) {
            return;
        }
        closeWith(Replies.notice(NoticeKind.RECONNECT,
                "this server is shutting down; reconnect in " + delayMillis + " ms", delayMillis), false);
    }

    // ---- reading on and off ----

    private void pause(int reason) {
        boolean wasReading = (flags & PAUSE_MASK) == 0;
        flags |= reason;
        if (wasReading) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    private void resume(int reason) {
        if ((flags & reason) == 0) {
            return;
        }
        flags &= ~reason;
        if ((flags & PAUSE_MASK) == 0) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private InetAddress remoteAddress() {
        // Non-IP channels (tests' embedded channels) count as loopback for throttling.
        return ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress() : InetAddress.getLoopbackAddress();
    }
}
