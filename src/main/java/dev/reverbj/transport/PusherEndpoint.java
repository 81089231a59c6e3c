package dev.reverbj.transport;

import java.util.Optional;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.Session;
import dev.reverbj.protocol.SocketId;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.websocket.WsListener;
import io.helidon.websocket.WsSession;

/**
 * One per WebSocket ({@code {path}/app/{key}}): adapts Helidon's callbacks to a protocol {@link Session}.
 * Helidon calls it from the socket's own reader virtual thread, one callback at a time.
 */
final class PusherEndpoint implements WsListener {
    private static final System.Logger LOG = System.getLogger(PusherEndpoint.class.getName());

    private final Apps apps;
    private final long outboxLimit;
    private final FrameLog frameLog;

    private String appKey;
    private String origin;
    private String protocol;
    private SocketConnection connection;
    private Session session;
    private StringBuilder partial;
    private int partialBytes;
    private boolean discarding;

    PusherEndpoint(Apps apps, long outboxLimit, FrameLog frameLog) {
        this.apps = apps;
        this.outboxLimit = outboxLimit;
        this.frameLog = frameLog;
    }

    @Override
    public Optional<Headers> onHttpUpgrade(HttpPrologue prologue, Headers headers) {
        // Headers are visible only here; keep what onOpen needs.
        origin = headers.first(HeaderNames.ORIGIN).orElse(null);
        protocol = prologue.query().first("protocol").orElse(null);
        String path = prologue.uriPath().path();
        appKey = path.substring(path.lastIndexOf('/') + 1);
        return Optional.empty();
    }

    @Override
    public void onOpen(WsSession ws) {
        App known = apps.byKey(appKey);
        connection = new SocketConnection(ws, SocketId.random(), outboxLimit, frameLog,
                known == null ? Observer.NONE : known.observer(), apps.warnings());
        session = apps.open(appKey, origin, protocol, connection);
        if (session != null) {
            Session opened = session;
            connection.onGone(opened.app().config().id(), opened::disconnected);
        }
    }

    @Override
    public void onMessage(WsSession ws, String text, boolean last) {
        if (session == null || session.isGone()) {
            return;
        }
        App app = session.app();
        int bytes = Frame.utf8Length(text);
        if (discarding || partialBytes + bytes > app.config().maxMessageSize()) {
            if (!discarding) {
                discarding = true;
                partial = null;
                apps.warnings().warn("oversized messages", "app=" + app.config().id() + " socket="
                        + connection.socketId() + ": over max-message-size, closed with 1009");
                connection.close(PusherError.MESSAGE_TOO_BIG);
            }
            return;
        }
        if (!last) {
            // Helidon hands fragments over one by one; join them, capped by the size check above.
            if (partial == null) {
                partial = new StringBuilder();
            }
            partial.append(text);
            partialBytes += bytes;
            return;
        }
        // The size was counted for the limit already; the observer's bytes-in reuses it.
        Frame message = new Frame(text, bytes);
        if (partial != null) {
            message = new Frame(partial.append(text).toString(), partialBytes + bytes);
            partial = null;
            partialBytes = 0;
        }
        frameLog.inbound(app.config().id(), connection.socketId(), message.text());
        session.receive(message);
    }

    @Override
    public void onMessage(WsSession ws, BufferData buffer, boolean last) {
        if (session != null && last) {
            session.receiveBinary();
        }
    }

    @Override
    public void onPing(WsSession ws, BufferData buffer) {
        // Helidon does not answer pings itself.
        byte[] payload = new byte[buffer.available()];
        buffer.read(payload);
        if (connection != null) {
            connection.pong(payload);
        }
        if (session != null) {
            session.controlFrameSeen();
        }
    }

    @Override
    public void onPong(WsSession ws, BufferData buffer) {
        if (session != null) {
            session.controlFrameSeen();
        }
    }

    @Override
    public void onClose(WsSession ws, int status, String reason) {
        if (connection != null) {
            connection.closedByPeer();
        }
    }

    @Override
    public void onError(WsSession ws, Throwable t) {
        LOG.log(System.Logger.Level.DEBUG, "socket error: " + t);
        if (connection != null) {
            connection.terminate();
        }
    }
}
