package dev.reverbj.transport;

import java.time.Duration;

import com.pusher.rest.Pusher;

import dev.reverbj.config.AppConfig;
import dev.reverbj.support.RawWsClient;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** A client that vanishes without a close frame (process killed: FIN; network reset: RST) is gone at once. */
class AbruptDisconnectTest {
    private static final AppConfig APP = AppConfig.withDefaults("gone", "gone-key", "gone-secret");
    static final TestServer server = TestServer.start("""
            reverb:
              apps:
                - { app-id: gone, key: gone-key, secret: gone-secret }
            """);

    @AfterAll
    static void stop() {
        server.close();
    }

    @ParameterizedTest(name = "reset={0}")
    @ValueSource(booleans = {false, true})
    void aPresenceMemberThatVanishesIsRemovedWithinASecond(boolean reset) {
        String channel = "presence-vanish-" + reset;
        try (WsClient watcher = WsClient.connect(server, "gone-key")) {
            watcher.joinPresence(channel, "{\"user_id\":\"watcher\"}", APP);
            RawWsClient ghost = RawWsClient.connect(server, "gone-key");
            ghost.join(channel, "{\"user_id\":\"ghost\"}", APP);
            watcher.next("pusher_internal:member_added");

            ghost.vanish(reset);
            JsonObject removed = watcher.next("pusher_internal:member_removed", Duration.ofSeconds(1));
            assertEquals("{\"user_id\":\"ghost\"}", WsClient.dataObject(removed).toString());
        }
    }

    @Test
    void twoThousandClientsThatConnectSubscribeAndVanishLeaveNoConnectionAndNoChannel() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 2_000; i++) {
                RawWsClient client = RawWsClient.connect(server, "gone-key");
                client.join(i % 2 == 0 ? "cycle-" + (i % 50) : "presence-cycle-" + (i % 50),
                        i % 2 == 0 ? null : "{\"user_id\":\"u" + i + "\"}", APP);
                client.vanish(i % 3 == 0);
            }
        });
        Pusher api = new Pusher("gone", "gone-key", "gone-secret");
        api.setHost("127.0.0.1:" + server.port());
        try {
            long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
            String connections;
            do {
                connections = api.get("/connections").getMessage();
            } while (!connections.equals("{\"connections\":0}") && System.nanoTime() < deadline);
            assertEquals("{\"connections\":0}", connections);
            assertEquals("{\"channels\":{}}", api.get("/channels").getMessage());
        } finally {
            api.close();
        }
    }
}
