package dev.reverbj.transport;

import java.util.function.BooleanSupplier;

import dev.reverbj.protocol.Apps;

import io.helidon.http.HeaderNames;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.WritableHeaders;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * Helidon's WebSocket upgrade (route match, GET, {@code Sec-WebSocket-Key}, version 13, the 101 answer) with our own
 * connection behind it: Helidon's handshake runs unchanged, then a {@link PusherConnection} replaces the connection
 * Helidon would have returned (which is dropped before it ever runs). Helidon's same-host origin check is skipped:
 * it would refuse every browser page served from another host; origins are checked per app after the handshake, so
 * a refused client gets Pusher's 4009 error frame instead of a bare 403 (SPEC.md section 1).
 */
final class PusherUpgrader extends WsUpgrader {
    private final Apps apps;
    private final long outboxLimit;
    private final FrameLog frameLog;
    private final BooleanSupplier draining;

    /** @param draining whether the server's stop is a drain (see {@link PusherConnection#close(boolean)}) */
    PusherUpgrader(WsConfig config, Apps apps, long outboxLimit, FrameLog frameLog, BooleanSupplier draining) {
        super(config);
        this.apps = apps;
        this.outboxLimit = outboxLimit;
        this.frameLog = frameLog;
        this.draining = draining;
    }

    @Override
    protected void validateOrigin(Headers headers, String origin) {
        // Accepted here; see Origins.allowed in the protocol.
    }

    @Override
    public ServerConnection upgrade(ConnectionContext ctx, HttpPrologue prologue, WritableHeaders<?> headers) {
        if (super.upgrade(ctx, prologue, headers) == null) {
            return null; // not a WebSocket route: answered as plain HTTP
        }
        String path = prologue.uriPath().path();
        String appKey = path.substring(path.lastIndexOf('/') + 1);
        String origin = headers.first(HeaderNames.ORIGIN).orElse(null);
        String protocol = prologue.query().first("protocol").orElse(null);
        return new PusherConnection(ctx, apps, appKey, origin, protocol, outboxLimit, frameLog, draining);
    }
}
