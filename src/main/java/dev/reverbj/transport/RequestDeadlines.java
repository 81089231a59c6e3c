package dev.reverbj.transport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Every TCP connection of the listener, from accept to close, and what it is waiting for. Helidon has no timeout
 * for a connection that never completes its request head (HELIDON-NOTES.md); this closes one after
 * {@code request-timeout}, answers a request whose body stalls that long with 408 and closes it, and, when the
 * listener nears its connection cap, sheds the oldest sockets that never upgraded and sit idle, so /up and new
 * WebSocket clients are still served. It wraps the HTTP/1 connection selector (told of each accepted socket) and
 * listens to HTTP/1 heads and answers; one daemon thread sweeps. WebSockets, once upgraded, are never touched.
 */
final class RequestDeadlines implements Http1ConnectionListener {
    private static final System.Logger LOG = System.getLogger(RequestDeadlines.class.getName());
    /** Idle sockets closed at once when the listener nears its cap. */
    static final int SHED_BATCH = 64;
    private static final String TIMEOUT_BODY = "{\"error\":\"Request body not received within request-timeout\"}";
    private static final byte[] REQUEST_TIMEOUT = ("HTTP/1.1 408 Request Timeout\r\nContent-Type: application/json\r\n"
            + "Connection: close\r\nContent-Length: " + TIMEOUT_BODY.length() + "\r\n\r\n" + TIMEOUT_BODY)
            .getBytes(StandardCharsets.US_ASCII);

    private enum Stage {
        /** Waiting for a request head: deadline applies, may be shed. */
        HEAD,
        /** Head read, reading a body: deadline applies. */
        BODY,
        /** A request being answered, or an upgraded WebSocket: no deadline. */
        BUSY,
        /** Answered, kept alive, idle: may be shed. */
        IDLE
    }

    private final long timeoutNanos;
    private final int shedAt;
    private final Map<ConnectionContext, Tracked> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("request-deadlines").factory());

    private RequestDeadlines(Duration timeout, int shedAt) {
        this.timeoutNanos = timeout.toNanos();
        this.shedAt = shedAt;
    }

    /**
     * Starts the sweeper. Register the result as receive and send listener of the HTTP/1 config, then pass the
     * HTTP/1 selector through {@link #selector}.
     *
     * @param shedAt open sockets at which idle ones are shed (the listener's cap less a margin), or 0 for never
     */
    static RequestDeadlines start(Duration timeout, int shedAt) {
        RequestDeadlines deadlines = new RequestDeadlines(timeout, shedAt);
        long period = Math.max(50, Math.min(1_000, timeout.toMillis() / 4));
        deadlines.sweeper.scheduleAtFixedRate(deadlines::sweep, period, period, TimeUnit.MILLISECONDS);
        return deadlines;
    }

    /** Helidon's HTTP/1 selector, told of every accepted socket through this. */
    ServerConnectionSelector selector(ServerConnectionSelector http1) {
        return new ServerConnectionSelector() {
            @Override
            public int bytesToIdentifyConnection() {
                return http1.bytesToIdentifyConnection();
            }

            @Override
            public Support supports(BufferData data) {
                return http1.supports(data);
            }

            @Override
            public Set<String> supportedApplicationProtocols() {
                return http1.supportedApplicationProtocols();
            }

            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return track(ctx, http1);
            }
        };
    }

    void stop() {
        sweeper.shutdownNow();
    }

    int openSockets() {
        return open.size();
    }

    private ServerConnection track(ConnectionContext ctx, ServerConnectionSelector http1) {
        if (shedAt > 0 && open.size() >= shedAt) {
            shed();
        }
        Tracked tracked = new Tracked(ctx, http1.connection(ctx), System.nanoTime());
        open.put(ctx, tracked);
        return tracked;
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Tracked tracked = open.get(ctx);
        if (tracked == null) {
            return;
        }
        // Not contentLength(): it throws on a malformed value, which Helidon answers with 400 by itself later.
        boolean body = headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.first(HeaderNames.CONTENT_LENGTH).map(v -> !v.strip().equals("0")).orElse(false);
        tracked.since = System.nanoTime();
        tracked.stage = body && !headers.contains(HeaderNames.UPGRADE) ? Stage.BODY : Stage.BUSY;
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        Tracked tracked = open.get(ctx);
        if (tracked != null) {
            tracked.since = System.nanoTime();
            tracked.stage = Stage.IDLE;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Tracked tracked : open.values()) {
            Stage stage = tracked.stage;
            if ((stage == Stage.HEAD || stage == Stage.BODY) && now - tracked.since > timeoutNanos) {
                tracked.expire(stage);
            }
        }
    }

    /** Closes the oldest idle sockets that never upgraded (no request head yet, or kept alive after an answer). */
    private void shed() {
        var idle = open.values().stream()
                .filter(t -> t.stage == Stage.HEAD || t.stage == Stage.IDLE)
                .sorted(Comparator.comparingLong(t -> t.since))
                .limit(SHED_BATCH)
                .toList();
        if (!idle.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "{0} sockets open, near the cap: closing {1} idle ones",
                    open.size(), idle.size());
        }
        idle.forEach(t -> t.delegate.close(true));
    }

    /** One TCP connection as Helidon's HTTP/1 selector made it; forgotten when its handling ends. */
    private final class Tracked implements ServerConnection, InterruptableTask<Void> {
        private final ConnectionContext ctx;
        private final ServerConnection delegate;
        private volatile Stage stage = Stage.HEAD;
        private volatile long since;

        Tracked(ConnectionContext ctx, ServerConnection delegate, long since) {
            this.ctx = ctx;
            this.delegate = delegate;
            this.since = since;
        }

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
            return delegate instanceof InterruptableTask<?> task && task.canInterrupt();
        }
    }
}
