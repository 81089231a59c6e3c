package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.protocol.ProtocolClients.Client;

import org.junit.jupiter.api.Test;

import static dev.reverbj.protocol.ProtocolClients.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rate window, malformed and deeply nested frames, on a fake clock and without sockets. */
class LimitsTest {
    private static final String PING = "{\"event\":\"pusher:ping\",\"data\":{}}";
    private static final String PONG = "{\"event\":\"pusher:pong\",\"data\":\"{}\"}";

    @Test
    void framesOverTheRateLimitGet4301UntilTheWindowPasses() {
        ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.MEMBERS, new RateLimit(true, 2, 10, false), 100, 100);
        Client client = clients.connect();
        client.send(PING);
        client.send(PING);
        client.send(PING);
        assertEquals(List.of(PONG, PONG, error(4301, "Rate limit exceeded")), client.frames());
        clients.now.addAndGet(10_000);
        client.clear();
        client.send(PING);
        assertEquals(List.of(PONG), client.frames());
        assertNull(client.connection().closedWith);
    }

    @Test
    void terminateOnLimitClosesWith4301() {
        ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.MEMBERS, new RateLimit(true, 1, 10, true), 100, 100);
        Client client = clients.connect();
        client.send(PING);
        client.send(PING);
        assertEquals(List.of(PONG, error(4301, "Rate limit exceeded")), client.frames());
        assertEquals(PusherError.RATE_LIMITED, client.connection().closedWith);
        assertEquals(0, clients.app.connectionCount());
    }

    @Test
    void malformedFramesGet4200AndTheConnectionStays() {
        Client client = new ProtocolClients().connect();
        client.send("not json");
        client.send("{\"event\":\"pusher:nonsense\"}");
        client.send("{\"event\":\"client-x\",\"channel\":\"private-a\",\"data\":" + "[".repeat(65) + "]".repeat(65) + "}");
        assertEquals(List.of(
                error(4200, "Invalid message format: Frame is not a JSON object (not valid JSON)"),
                error(4200, "Invalid message format: Unknown event pusher:nonsense"),
                error(4200, "Invalid message format: Frame is not a JSON object (JSON nested deeper than 64 levels)")),
                client.frames());
        client.clear();
        client.send(PING);
        assertEquals(List.of(PONG), client.frames());
    }

    @Test
    void nestingUpToTheLimitIsAccepted() {
        ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.ALL, RateLimit.OFF, 100, 100);
        Client a = clients.connect();
        Client b = clients.connect();
        a.subscribe("deep");
        b.subscribe("deep");
        b.clear();
        String data = "[".repeat(63) + "]".repeat(63);
        a.send("{\"event\":\"client-x\",\"channel\":\"deep\",\"data\":" + data + "}");
        assertEquals(List.of("{\"event\":\"client-x\",\"channel\":\"deep\",\"data\":" + data + "}"), b.frames());
        assertTrue(a.frames().stream().noneMatch(f -> f.contains("pusher:error")));
    }
}
