package dev.reverbj.transport;

import java.io.UncheckedIOException;
import java.time.Duration;

import com.pusher.rest.Pusher;

import dev.reverbj.support.RawWsClient;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that sends pings and never reads its pongs is a slow consumer like any other: the pongs count against
 * the outbox limit, so the socket is cut instead of the server holding one pong per ping for as long as it sends.
 */
class PingFloodTest {
    /** Far more pong bytes than the outbox limit and both sides' loopback buffers together. */
    private static final int PINGS = 400_000;

    @Test
    void aClientThatPingsWithoutReadingIsCutAtTheOutboxLimit() throws Exception {
        try (TestServer server = TestServer.start("""
                reverb:
                  server: { outbox-limit: 65536 }
                  apps:
                    - { app-id: flood, key: flood-key, secret: flood-secret }
                """)) {
            RawWsClient flooder = RawWsClient.connect(server, "flood-key");
            byte[] payload = new byte[125];
            int sent = 0;
            try {
                // From here on the client reads nothing, and it never closes until the server has cut it.
                while (sent < PINGS) {
                    flooder.send(RawWsClient.PING, payload);
                    sent++;
                }
            } catch (UncheckedIOException cut) {
                // reset: the server closed the socket already
            }

            Pusher api = new Pusher("flood", "flood-key", "flood-secret");
            api.setHost("127.0.0.1:" + server.port());
            try {
                // Closed with 4100 at the limit; the close frame cannot be written either, so the grace cuts it.
                long gone = System.nanoTime() + WsClient.WAIT.toNanos()
                        + Duration.ofMillis(SocketConnection.CLOSE_GRACE_MILLIS).toNanos();
                String connections;
                do {
                    connections = api.get("/connections").getMessage();
                } while (!connections.equals("{\"connections\":0}") && System.nanoTime() < gone);
                assertEquals("{\"connections\":0}", connections, "still open after " + sent + " unread pongs");
            } finally {
                api.close();
                flooder.close();
            }
        }
    }
}
