package dev.reverbj.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.Session;
import dev.reverbj.protocol.SocketId;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;

/**
 * One upgraded Pusher WebSocket ({@code {path}/app/{key}}), returned by {@link PusherUpgrader} in place of Helidon's
 * own connection. {@link #handle} runs on the socket's virtual thread: it opens the protocol {@link Session}, then
 * reads frames ({@link FrameReader}), has its {@link MessageAssembly} join fragments and check UTF-8, and hands
 * complete text messages to the session, one at a time. Writing is the {@link SocketConnection}'s. When the read
 * loop ends for any reason (close frame, EOF, reset, RFC violation, cut) the session is gone at once; Helidon closes
 * the socket when this returns. Everything here runs on that one thread.
 */
final class PusherConnection extends MessageAssembly implements ServerConnection {
    private static final System.Logger LOG = System.getLogger(PusherConnection.class.getName());
    /** Frame limit of a refused socket, which only waits for the client's close. */
    private static final int REFUSED_LIMIT = 125;

    private final Apps apps;
    private final String appKey;
    private final String origin;
    private final String protocol;
    private final FrameLog frameLog;
    private final SocketConnection connection;
    private final FrameReader frames;
    private final BooleanSupplier draining;

    private volatile Session session;

    /** @param protocol the {@code protocol} query parameter, or null */
    PusherConnection(ConnectionContext ctx, Apps apps, String appKey, String origin, String protocol,
                     long outboxLimit, FrameLog frameLog, BooleanSupplier draining) {
        this.apps = apps;
        this.draining = draining;
        this.appKey = appKey;
        this.origin = origin;
        this.protocol = protocol;
        this.frameLog = frameLog;
        App known = apps.byKey(appKey);
        this.connection = new SocketConnection(ctx.dataWriter(), known == null ? "?" : known.config().id(),
                SocketId.random(), outboxLimit, frameLog, known == null ? Observer.NONE : known.observer(),
                apps.warnings());
        this.frames = new FrameReader(ctx.dataReader());
    }

    @Override
    public void handle(Limit limit) {
        // Frames are not requests: Helidon's request limit does not apply (HELIDON-NOTES.md).
        connection.readBy(Thread.currentThread());
        try {
            session = apps.open(appKey, origin, protocol, connection);
            if (session != null) {
                Session opened = session;
                connection.onGone(opened::disconnected);
            }
            readUntilClosed();
        } catch (Violation v) {
            fail(v);
        } catch (RuntimeException e) {
            // EOF, reset or cut: the peer is gone without a close frame.
            LOG.log(System.Logger.Level.TRACE, "read ended socket={0}: {1}", connection.socketId(), e);
        } finally {
            end();
        }
    }

    /** RFC 6455 section 7.1.7: fail the connection with a close frame. Never throws. */
    private void fail(Violation v) {
        if (v.code() == CloseCodes.TOO_BIG) {
            apps.warnings().warn("oversized messages", "app=" + connection.appId() + " socket="
                    + connection.socketId() + ": over max-message-size, closed with 1009");
        } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "closing app={0} socket={1} with {2}: {3}", connection.appId(),
                    connection.socketId(), v.code(), v.getMessage());
        }
        try {
            connection.closedBy(v.code());
            connection.gone();
            connection.close(v.code(), v.getMessage());
            // Read on until the client closes (or the grace ends): closing a socket with unread input sends a
            // reset, which may destroy our close frame before the client reads it.
            frames.discardUntilEnd();
        } catch (RuntimeException end) {
            // the socket ended
        }
    }

    /**
     * The read loop is over: the session is gone at once, the close frame (if any) gets its chance to be written,
     * then the socket is cut. Nothing may escape to Helidon, which would write an HTTP answer into the stream.
     */
    private void end() {
        try {
            connection.gone();
            connection.awaitCloseWritten(SocketConnection.CLOSE_GRACE_MILLIS);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug while closing socket " + connection.socketId(), e);
        } finally {
            connection.terminate();
        }
    }

    private void readUntilClosed() {
        while (true) {
            long limit = session == null ? REFUSED_LIMIT
                    : session.app().config().maxMessageSize() - pendingLength();
            frames.next(limit);
            byte[] payload = frames.payload();
            switch (frames.opcode()) {
                case FrameReader.TEXT, FrameReader.BINARY, FrameReader.CONTINUATION ->
                        assemble(frames.opcode(), frames.fin(), payload);
                case FrameReader.PING -> {
                    connection.pong(payload);
                    activity();
                }
                case FrameReader.PONG -> activity();
                default -> {
                    closedByPeer(payload);
                    return;
                }
            }
        }
    }

    @Override
    void message(int opcode, byte[] bytes, int length) {
        if (session == null || session.isGone() || connection.isClosing()) {
            return; // After our close frame, only the client's close matters.
        }
        if (opcode == FrameReader.BINARY) {
            session.receiveBinary();
            return;
        }
        String text = new String(bytes, 0, length, StandardCharsets.UTF_8);
        frameLog.inbound(connection.appId(), connection.socketId(), text);
        session.receive(Frame.received(text, length));
    }

    private void activity() {
        if (session != null) {
            session.controlFrameSeen();
        }
    }

    /** RFC 6455 section 5.5.1: check the close frame, echo its code, then the socket closes. */
    private void closedByPeer(byte[] payload) {
        int code = CloseCodes.fromPeer(payload);
        connection.closedBy(code);
        connection.gone();
        // Frames still queued are dropped: the client is leaving.
        connection.closeWith(code, "", true);
    }

    @Override
    public Duration idleTime() {
        // Liveness is the protocol's ping/prune sweep (SPEC.md section 5), not Helidon's idle timer.
        return Duration.ZERO;
    }

    /**
     * Helidon's stop, after it closed the listening socket: when the server drains and the client may stay, it is
     * told to reconnect (4200) and the read loop ends with its close handshake; otherwise the socket is cut.
     */
    @Override
    public void close(boolean interrupt) {
        Session open = session;
        if (!interrupt && draining.getAsBoolean() && open != null && !open.isGone()) {
            connection.close(PusherError.RESTARTING);
        } else {
            connection.terminate();
        }
    }
}
