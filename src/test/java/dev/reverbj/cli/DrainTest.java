package dev.reverbj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;

import dev.reverbj.support.RawWsClient;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

/**
 * {@link Node#shutdown}: the server stops listening before it tells any client to reconnect (4200), so pusher-js's
 * immediate reconnect can never land on the draining server again. Under a hand-over (SO_REUSEPORT) it reaches the
 * successor; this was the 15 s gap RestartWithoutGapIT once met, when a reconnect was refused with 4200 by the old
 * server and pusher-js waited out its connect timeout.
 */
class DrainTest {
    @Test
    void aClientToldToReconnectFindsThePortNoLongerServedByTheDrainingServer() throws Exception {
        TestServer server = TestServer.start(TestApps.yaml());
        // Never answers the close until told to: it keeps the drain waiting while the other client reconnects.
        try (server; RawWsClient silent = RawWsClient.connect(server, "key-1")) {
            WsClient polite = WsClient.connect(server, "key-1");
            Thread stopping = Thread.ofPlatform().start(server.node()::shutdown);

            assertEquals(4200, polite.awaitClose(WsClient.WAIT));
            assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port()).close(),
                    "a reconnect reached the draining server");

            assertEquals(4200, silent.awaitClose());
            stopping.join(Duration.ofSeconds(10));
            assertTrue(!stopping.isAlive(), "shutdown did not end after the last client left");
        }
    }
}
