package dev.reverbj.transport;

import io.helidon.http.Headers;
import io.helidon.webserver.websocket.WsConfig;
import io.helidon.webserver.websocket.WsUpgrader;

/**
 * Helidon's WebSocket upgrader without its same-host origin check, which would refuse every browser page
 * served from another host. Origins are checked per app, after the handshake, so that a refused client
 * gets Pusher's 4009 error frame instead of a bare 403 (SPEC.md section 1).
 */
final class AnyOriginUpgrader extends WsUpgrader {
    AnyOriginUpgrader(WsConfig config) {
        super(config);
    }

    @Override
    protected void validateOrigin(Headers headers, String origin) {
        // Accepted here; see Origins.allowed in the protocol.
    }
}
