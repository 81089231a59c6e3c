package dev.reverbj.transport;

import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.reverbj.transport.TrackedSocket.Stage;

import io.helidon.common.buffers.BufferData;
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
 * WebSocket clients are still served. It wraps the HTTP/1 connection selector (told of each accepted socket, kept as
 * a {@link TrackedSocket}) and listens to HTTP/1 heads and answers; one daemon thread sweeps. WebSockets, once
 * upgraded, are never touched.
 */
final class RequestDeadlines implements Http1ConnectionListener {
    private static final System.Logger LOG = System.getLogger(RequestDeadlines.class.getName());
    /** Idle sockets closed at once when the listener nears its cap. */
    static final int SHED_BATCH = 64;

    private final long timeoutNanos;
    private final int shedAt;
    private final Map<ConnectionContext, TrackedSocket> open = new ConcurrentHashMap<>();
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
        TrackedSocket tracked = new TrackedSocket(ctx, http1.connection(ctx), System.nanoTime(), open);
        open.put(ctx, tracked);
        return tracked;
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        TrackedSocket tracked = open.get(ctx);
        if (tracked == null) {
            return;
        }
        // Not contentLength(): it throws on a malformed value, which Helidon answers with 400 by itself later.
        boolean body = headers.contains(HeaderNames.TRANSFER_ENCODING)
                || headers.first(HeaderNames.CONTENT_LENGTH).map(v -> !v.strip().equals("0")).orElse(false);
        tracked.since = System.nanoTime();
        tracked.stage = body && !headers.contains(HeaderNames.UPGRADE) ? Stage.BODY : Stage.BUSY;
        if (tracked.stage == Stage.BODY) {
            tracked.bodyFollows();
        }
    }

    @Override
    public void status(ConnectionContext ctx, Status status) {
        TrackedSocket tracked = open.get(ctx);
        if (tracked != null) {
            tracked.since = System.nanoTime();
            tracked.stage = Stage.IDLE;
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        for (TrackedSocket tracked : open.values()) {
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
        idle.forEach(t -> t.close(true));
    }
}
