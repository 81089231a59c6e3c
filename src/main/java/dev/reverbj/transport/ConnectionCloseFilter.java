package dev.reverbj.transport;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Honours a request's {@code Connection: close} (RFC 9112 section 9.6). Helidon 4.5 writes the header back
 * but keeps reading the socket; after the answer is sent we end the connection ourselves, the way Helidon's
 * own handler does when a client ends its request stream.
 */
final class ConnectionCloseFilter implements Filter {
    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        chain.proceed();
        if (req.headers().containsToken(HeaderValues.CONNECTION_CLOSE) && res.isSent()) {
            throw new CloseConnectionException("the client asked for Connection: close");
        }
    }
}
