package io.constellation.satellite.internal;

import com.google.protobuf.MessageLite;
import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ErrorCode;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.satellite.wire.FrameObserver;
import io.constellation.satellite.wire.ShareFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The satellite server's meters, registered once when the server is built. Every tag has a
 * fixed set of values (message types, error codes, outcomes): never a user, an address or
 * a connection id. Thread-safe: every event loop records here.
 */
public final class SatelliteMetrics implements FrameObserver {

    public static final String CONNECTED = "constellation_satellites_connected";
    public static final String ONLINE = "constellation_satellites_online";
    public static final String LOGINS = "constellation_satellite_logins";
    public static final String LOGIN_SECONDS = "constellation_satellite_login_seconds";
    public static final String FRAMES_IN = "constellation_satellite_frames_in";
    public static final String FRAMES_OUT = "constellation_satellite_frames_out";
    public static final String RECEIVED_BYTES = "constellation_satellite_received_bytes";
    public static final String SENT_BYTES = "constellation_satellite_sent_bytes";
    public static final String PROTOCOL_ERRORS = "constellation_satellite_protocol_errors";
    public static final String CLIENT_ERRORS = "constellation_satellite_client_errors";
    public static final String SHARED_FILES = "constellation_satellite_shared_files";
    public static final String IDLE_DISCONNECTS = "constellation_satellite_idle_disconnects";
    public static final String LOGIN_TIMEOUTS = "constellation_satellite_login_timeouts";
    public static final String SLOW_READER_DISCONNECTS = "constellation_satellite_slow_reader_disconnects";
    public static final String REFUSED = "constellation_satellite_connections_refused";
    public static final String RESOLVE_FAILURES = "constellation_satellite_share_resolve_failures";
    public static final String SESSIONS_REPLACED = "constellation_satellite_sessions_replaced";

    public static final String TAG_TYPE = "type";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_REASON = "reason";
    public static final String TAG_CODE = "code";

    /** How a login ended: the values of {@code outcome}. */
    public enum LoginResult { ACCEPTED, BAD_CREDENTIALS, THROTTLED, UNAVAILABLE, ERROR }

    /** Why a connection was refused at accept: the values of {@code reason}. */
    public enum Refusal { CONNECTION_LIMIT, RATE_LIMIT, DRAINING }

    /** Why resolving shared files failed: the values of {@code reason}. */
    public enum ResolveFailure { UNAVAILABLE, TIMEOUT, ERROR }

    // Indexed by the oneof case number, so counting a frame is an array read, not a lookup.
    private final Counter[] framesIn = new Counter[ClientMessage.BodyCase.values().length + 1];
    private final Counter[] framesOut = new Counter[ServerMessage.BodyCase.values().length + 1];
    private final Counter receivedBytes;
    private final Counter sentBytes;
    private final Map<LoginResult, Counter> logins = new EnumMap<>(LoginResult.class);
    private final Timer loginSeconds;
    private final Map<ErrorCode, Counter> protocolErrors = new EnumMap<>(ErrorCode.class);
    private final Map<ErrorCode, Counter> clientErrors = new EnumMap<>(ErrorCode.class);
    private final Map<Refusal, Counter> refused = new EnumMap<>(Refusal.class);
    private final Map<ResolveFailure, Counter> resolveFailures = new EnumMap<>(ResolveFailure.class);
    private final Counter idleDisconnects;
    private final Counter loginTimeouts;
    private final Counter slowReaderDisconnects;
    private final Counter sessionsReplaced;
    private final AtomicLong sharedFiles = new AtomicLong();

    /**
     * @param connected open connections now
     * @param online    logged-in sessions now
     */
    public SatelliteMetrics(MeterRegistry registry, Supplier<Number> connected, Supplier<Number> online) {
        for (ClientMessage.BodyCase c : ClientMessage.BodyCase.values()) {
            if (c != ClientMessage.BodyCase.BODY_NOT_SET) {
                framesIn[c.getNumber()] = Counter.builder(FRAMES_IN).description("Frames received, by message type")
                        .tag(TAG_TYPE, tag(c)).register(registry);
            }
        }
        for (ServerMessage.BodyCase c : ServerMessage.BodyCase.values()) {
            if (c != ServerMessage.BodyCase.BODY_NOT_SET) {
                framesOut[c.getNumber()] = Counter.builder(FRAMES_OUT).description("Frames sent, by message type")
                        .tag(TAG_TYPE, tag(c)).register(registry);
            }
        }
        receivedBytes = Counter.builder(RECEIVED_BYTES).description("Bytes received from satellites")
                .baseUnit("bytes").register(registry);
        sentBytes = Counter.builder(SENT_BYTES).description("Bytes sent to satellites")
                .baseUnit("bytes").register(registry);
        for (LoginResult r : LoginResult.values()) {
            logins.put(r, Counter.builder(LOGINS).description("Logins by outcome")
                    .tag(TAG_OUTCOME, tag(r)).register(registry));
        }
        loginSeconds = Timer.builder(LOGIN_SECONDS)
                .description("Time from a Login message to its answer (catalog and password hash included)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            protocolErrors.put(code, Counter.builder(PROTOCOL_ERRORS)
                    .description("Connections closed for breaking the protocol, by the error code sent")
                    .tag(TAG_REASON, tag(code)).register(registry));
            clientErrors.put(code, Counter.builder(CLIENT_ERRORS)
                    .description("Error messages satellites reported before closing, by code")
                    .tag(TAG_CODE, tag(code)).register(registry));
        }
        for (Refusal r : Refusal.values()) {
            refused.put(r, Counter.builder(REFUSED).description("Connections refused at accept, by reason")
                    .tag(TAG_REASON, tag(r)).register(registry));
        }
        for (ResolveFailure f : ResolveFailure.values()) {
            resolveFailures.put(f, Counter.builder(RESOLVE_FAILURES)
                    .description("Share lists or deltas that could not be resolved to tracks, by reason")
                    .tag(TAG_REASON, tag(f)).register(registry));
        }
        idleDisconnects = Counter.builder(IDLE_DISCONNECTS)
                .description("Connections closed after three heartbeat intervals without a frame").register(registry);
        loginTimeouts = Counter.builder(LOGIN_TIMEOUTS)
                .description("Connections closed for not logging in in time").register(registry);
        slowReaderDisconnects = Counter.builder(SLOW_READER_DISCONNECTS)
                .description("Connections closed because the satellite did not read what it was sent").register(registry);
        sessionsReplaced = Counter.builder(SESSIONS_REPLACED)
                .description("Sessions closed because their user logged in again elsewhere").register(registry);
        Gauge.builder(CONNECTED, connected).description("Open satellite connections").register(registry);
        Gauge.builder(ONLINE, online).description("Logged-in satellite sessions").register(registry);
        Gauge.builder(SHARED_FILES, sharedFiles, AtomicLong::get)
                .description("Files shared by the online sessions (matched to a track)").register(registry);
    }

    @Override
    public void bytesIn(int bytes) {
        receivedBytes.increment(bytes);
    }

    @Override
    public void messageIn(MessageLite message) {
        if (message instanceof ClientMessage m) {
            framesIn[m.getBodyCase().getNumber()].increment();
        }
    }

    @Override
    public void shareFrameIn(ShareFrame frame) {
        framesIn[(frame.isDelta() ? ClientMessage.BodyCase.SHARE_DELTA : ClientMessage.BodyCase.SHARE_LIST).getNumber()]
                .increment();
    }

    @Override
    public void messageOut(MessageLite message, int bytes) {
        if (message instanceof ServerMessage m && m.getBodyCase() != ServerMessage.BodyCase.BODY_NOT_SET) {
            framesOut[m.getBodyCase().getNumber()].increment();
        }
        sentBytes.increment(bytes);
    }

    public void login(LoginResult result, long nanos) {
        logins.get(result).increment();
        loginSeconds.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void protocolError(ErrorCode code) {
        protocolErrors.get(code).increment();
    }

    public void clientError(ErrorCode code) {
        clientErrors.get(code).increment();
    }

    public void refused(Refusal reason) {
        refused.get(reason).increment();
    }

    public void resolveFailure(ResolveFailure reason) {
        resolveFailures.get(reason).increment();
    }

    public void idleDisconnect() {
        idleDisconnects.increment();
    }

    public void loginTimeout() {
        loginTimeouts.increment();
    }

    public void slowReaderDisconnect() {
        slowReaderDisconnects.increment();
    }

    public void sessionReplaced() {
        sessionsReplaced.increment();
    }

    /** The online sessions now share {@code delta} more (or fewer) files. */
    public void sharedFiles(long delta) {
        sharedFiles.addAndGet(delta);
    }

    private static String tag(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
