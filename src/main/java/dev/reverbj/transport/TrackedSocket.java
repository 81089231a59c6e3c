package dev.reverbj.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.spi.ServerConnection;

/**
 * One TCP connection as Helidon's HTTP/1 selector made it, with what it is waiting for ({@link Stage}) and since
 * when; {@link RequestDeadlines} moves it between stages and expires it. It forgets itself from the open sockets when
 * its handling ends. Stage and time are volatile: written by the socket's thread, read by the sweeper.
 */
final class TrackedSocket implements ServerConnection, InterruptableTask<Void> {
    private static final System.Logger LOG = System.getLogger(RequestDeadlines.class.getName());
    private static final String TIMEOUT_BODY = "{\"error\":\"Request body not received within request-timeout\"}";
    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: " + TIMEOUT_BODY.length() + "\r\n\r\n" + TIMEOUT_BODY)
            .getBytes(StandardCharsets.US_ASCII);

    /**
     * The socket whose request head, just read on this thread, announced a body; HTTP/1 routes a socket's requests
     * on that same thread. Set for requests with a body only, so an upgraded WebSocket's thread holds nothing.
     */
    private static final ThreadLocal<TrackedSocket> BODY_FOLLOWS = new ThreadLocal<>();

    enum Stage {
        /** Waiting for a request head: deadline applies, may be shed. */
        HEAD,
        /** Head read, reading a body: deadline applies until the handler has read the body to its end. */
        BODY,
        /** A request being answered, or an upgraded WebSocket: no deadline. */
        BUSY,
        /** Answered, kept alive, idle: may be shed. */
        IDLE
    }

    private final ConnectionContext ctx;
    private final ServerConnection delegate;
    private final Map<ConnectionContext, TrackedSocket> open;
    volatile Stage stage = Stage.HEAD;
    volatile long since;

    /** @param open the listener's open sockets, which this leaves when its handling ends */
    TrackedSocket(ConnectionContext ctx, ServerConnection delegate, long since,
                  Map<ConnectionContext, TrackedSocket> open) {
        this.ctx = ctx;
        this.delegate = delegate;
        this.since = since;
        this.open = open;
    }

    /** Closes the socket if it is still in {@code expected}; a stalled body is answered 408 first. */
    void expire(Stage expected) {
        if (stage != expected) {
            return;
        }
        if (expected == Stage.BODY) {
            try {
                ctx.dataWriter().writeNow(BufferData.create(REQUEST_TIMEOUT));
            } catch (RuntimeException e) {
                // The client is gone anyway.
            }
        }
        LOG.log(System.Logger.Level.DEBUG, "closing socket {0}: {1} not received within the request timeout",
                ctx.childSocketId(), expected == Stage.BODY ? "request body" : "request head");
        stage = Stage.BUSY;
        delegate.close(true);
    }

    @Override
    public void handle(Limit limit) throws InterruptedException {
        try {
            delegate.handle(limit);
        } finally {
            open.remove(ctx);
        }
    }

    /** Called on this socket's thread when a request head announces a body (see {@link #endBodyDeadlineOnRead}). */
    void bodyFollows() {
        BODY_FOLLOWS.set(this);
    }

    /**
     * An HTTP filter: the body deadline ends when the handler has read the request body to its end, not when it
     * answers. A handler may take its time after that (a publish waits for Redis); a 408 then would be false, and
     * written into the stream under the handler's own answer.
     */
    static void endBodyDeadlineOnRead(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        TrackedSocket socket = BODY_FOLLOWS.get();
        if (socket != null) {
            BODY_FOLLOWS.remove();
            req.streamFilter(in -> new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    return socket.bodyRead(super.read());
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return socket.bodyRead(super.read(b, off, len));
                }
            });
        }
        chain.proceed();
    }

    /** @return {@code read}, the result of a read from the request body; -1 ends the body's deadline */
    private int bodyRead(int read) {
        if (read < 0 && stage == Stage.BODY) {
            stage = Stage.BUSY;
        }
        return read;
    }

    @Override
    public Duration idleTime() {
        return delegate.idleTime();
    }

    @Override
    public void close(boolean interrupt) {
        delegate.close(interrupt);
    }

    @Override
    public boolean canInterrupt() {
        // Never while busy: an interrupt closes a virtual thread's socket, and an upgraded WebSocket that was just
        // told to reconnect (ReverbServer.drain) needs it for its close handshake.
        return stage != Stage.BUSY && delegate instanceof InterruptableTask<?> task && task.canInterrupt();
    }
}
