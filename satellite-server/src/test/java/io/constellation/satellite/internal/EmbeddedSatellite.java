package io.constellation.satellite.internal;

import io.constellation.proto.satellite.v1.ClientMessage;
import io.constellation.proto.satellite.v1.ServerMessage;
import io.constellation.satellite.SatelliteServerConfig;
import io.constellation.satellite.testing.Frames;
import io.constellation.satellite.testing.InMemoryAuthenticator;
import io.constellation.satellite.testing.InMemoryAvailabilityCounts;
import io.constellation.satellite.testing.InMemoryShareResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A satellite server's whole pipeline on {@link EmbeddedChannel}s: the real initializer,
 * handlers and state machine, with in-memory collaborators and a clock the test moves.
 * Several channels may share one server context (for session replacement).
 */
final class EmbeddedSatellite {

    final AtomicLong clock = new AtomicLong(1_000_000_000L);
    final InMemoryAuthenticator authenticator = new InMemoryAuthenticator();
    final InMemoryShareResolver resolver = new InMemoryShareResolver();
    final InMemoryAvailabilityCounts counts = new InMemoryAvailabilityCounts();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SatelliteServerConfig config;
    final ServerContext context;
    final SatelliteChannelInitializer initializer;

    EmbeddedSatellite(SatelliteServerConfig config) {
        this.config = config;
        this.context = new ServerContext(config, authenticator, resolver, counts, registry, clock::get);
        this.initializer = new SatelliteChannelInitializer(context);
    }

    EmbeddedSatellite() {
        this(SatelliteServerConfig.builder()
                .heartbeatInterval(Duration.ofSeconds(10))
                .loginTimeout(Duration.ofSeconds(5))
                .resolveTimeout(Duration.ofSeconds(20))
                .maxFilesPerChunk(10)
                .maxSharedFiles(25)
                .maxFrameBytes(4096)
                .build());
    }

    /** A new connection from {@code 10.0.0.n}. */
    Conn connect(int n) {
        return new Conn(n);
    }

    Conn connect() {
        return connect(1);
    }

    /** Moves the clock and runs the sweep of every given connection's loop. */
    void advance(Duration d, Conn... conns) {
        clock.addAndGet(d.toNanos());
        for (Conn c : conns) {
            context.sweep(c.channel.eventLoop());
            c.channel.runPendingTasks();
        }
    }

    double counter(String name, String tagKey, String tagValue) {
        var search = registry.find(name);
        if (tagKey != null) {
            search = search.tag(tagKey, tagValue);
        }
        var c = search.counter();
        return c == null ? 0 : c.count();
    }

    /** One satellite's connection. */
    final class Conn {
        final EmbeddedChannel channel;
        final List<ServerMessage> received = new ArrayList<>();
        int flushes;

        Conn(int n) {
            InetSocketAddress remote = new InetSocketAddress("10.0.0." + n, 40000 + n);
            channel = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
                @Override
                public void flush(ChannelHandlerContext ctx) {
                    flushes++;
                    ctx.flush();
                }
            }, initializer) {
                @Override
                protected SocketAddress remoteAddress0() {
                    return remote;
                }
            };
        }

        /** Sends messages as one read. */
        Conn send(ClientMessage... messages) {
            return sendBytes(Frames.frames(messages));
        }

        /** Sends raw bytes as one read. */
        Conn sendBytes(byte[] bytes) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes));
            channel.runPendingTasks();
            return this;
        }

        /** Runs tasks queued on the channel's loop (answers that hopped back to it). */
        Conn runTasks() {
            channel.runPendingTasks();
            return this;
        }

        /** Every message the server sent since the last call. */
        List<ServerMessage> replies() {
            ByteBuf buf;
            while ((buf = channel.readOutbound()) != null) {
                try {
                    received.add(Frames.parseServerFrame(ByteBufUtil.getBytes(buf)));
                } catch (Exception e) {
                    throw new AssertionError("the server sent a frame that is not a ServerMessage", e);
                } finally {
                    buf.release();
                }
            }
            List<ServerMessage> out = List.copyOf(received);
            received.clear();
            return out;
        }

        /** The one message the server sent since the last call. */
        ServerMessage reply() {
            List<ServerMessage> r = replies();
            if (r.size() != 1) {
                throw new AssertionError("expected one reply, got " + r);
            }
            return r.get(0);
        }

        ConnectionState state() {
            ConnectionHandler h = channel.pipeline().get(ConnectionHandler.class);
            return h == null ? null : h.state();
        }

        boolean holdsShareSet() {
            return channel.pipeline().get(ConnectionHandler.class).holdsShareSet();
        }

        double sharedFilesGauge() {
            return registry.get(SatelliteMetrics.SHARED_FILES).gauge().value();
        }

        boolean open() {
            return channel.isOpen();
        }

        boolean reading() {
            return channel.config().isAutoRead();
        }

        /** Logs in as {@code user} (added to the authenticator first) and returns the replies. */
        List<ServerMessage> login(String user) {
            authenticator.add(user, "pw-" + user);
            send(Frames.hello(), Frames.login(user, "pw-" + user));
            return replies();
        }

        void close() {
            channel.close();
            channel.runPendingTasks();
            replies();
            channel.finishAndReleaseAll();
        }
    }
}
