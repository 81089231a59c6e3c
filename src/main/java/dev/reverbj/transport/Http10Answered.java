package dev.reverbj.transport;

import java.util.Set;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.Bytes;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Helidon's HTTP/1 selector, made to take HTTP/1.0 requests too. Alone, Helidon's selector only claims request
 * lines ending in {@code HTTP/1.1}, and with no selector left the socket is closed without a word; claimed, an
 * HTTP/1.0 request reaches Helidon's own prologue check, which answers 505 "HTTP 1.0 is not supported, consider
 * using HTTP 1.1" (HTTP/1.0 clients are old probes and load balancer health checks: they deserve an answer).
 */
final class Http10Answered implements ServerConnectionSelector {
    private static final String HTTP_1_0 = " HTTP/1.0\r";
    private final ServerConnectionSelector http1;

    Http10Answered(ServerConnectionSelector http1) {
        this.http1 = http1;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return http1.bytesToIdentifyConnection();
    }

    @Override
    public Support supports(BufferData data) {
        Support support = http1.supports(data);
        if (support != Support.UNSUPPORTED) {
            return support;
        }
        data.rewind();
        int lf = data.indexOf(Bytes.LF_BYTE);
        return lf >= 0 && data.readString(lf).endsWith(HTTP_1_0) ? Support.SUPPORTED : Support.UNSUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return http1.supportedApplicationProtocols();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return http1.connection(ctx);
    }
}
