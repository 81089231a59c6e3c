package dev.reverbj.robust;

import java.util.logging.Level;

import dev.reverbj.config.AppConfig;
import dev.reverbj.support.LogCapture;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * WebSocket clients that send what no Pusher library sends: JSON nested without end, oversized presence data
 * counted in bytes, protocol versions we do not speak, and more channels than a connection may hold. Each gets a
 * defined answer, and the server's log stays small.
 */
class HostileClientsTest {
    private static final AppConfig APP = AppConfig.withDefaults("hostile", "hostile-key", "hostile-secret");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: hostile, key: hostile-key, secret: hostile-secret, max-channels: 3 }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String nested(int depth) {
        return "{\"event\":\"client-x\",\"channel\":\"private-n\",\"data\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    @Test
    void deeplyNestedFrameGets4200NamingTheNestingAndTheConnectionStays() {
        try (WsClient client = WsClient.connect(server, "hostile-key")) {
            client.send(nested(1_001));
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4200, error.getInt("code"));
            assertTrue(error.getString("message").contains("nested deeper than 64"), error.toString());
            client.ping();
            client.next("pusher:pong");
        }
    }

    @Test
    void threeHundredDeeplyNestedFramesGrowTheServerLogByLessThan30KB() {
        try (WsClient client = WsClient.connect(server, "hostile-key"); LogCapture log = LogCapture.attach(Level.ALL)) {
            for (int i = 0; i < 300; i++) {
                client.send(nested(1_001));
            }
            client.ping();
            client.next("pusher:pong");
            assertTrue(log.bytes() < 30_000, log.bytes() + " bytes logged:\n" + log.summary());
        }
    }

    @Test
    void userInfoOverTheLimitInUtf8BytesIsRefused() {
        try (WsClient client = WsClient.connect(server, "hostile-key")) {
            // 400 euro signs: 402 characters, 1,202 bytes (the limit is 1,000 bytes).
            String channelData = "{\"user_id\":\"u1\",\"user_info\":\"" + "€".repeat(400) + "\"}";
            client.subscribePresence("presence-bytes", channelData, APP);
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4200, error.getInt("code"));
            assertTrue(error.getString("message").contains("user_info"), error.toString());
            client.joinPresence("presence-bytes", "{\"user_id\":\"u1\",\"user_info\":\"" + "€".repeat(300) + "\"}", APP);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4", "8", "99", "seven", "7.0", ""})
    void unsupportedProtocolVersionGets4007AndIsClosed(String version) {
        try (WsClient client = WsClient.open(url("?protocol=" + version), null, false)) {
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4007, error.getInt("code"));
            assertEquals("Unsupported protocol version: this server speaks protocol 5 to 7", error.getString("message"));
            assertEquals(4007, client.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void aHundredRefusedConnectionsWriteAtMostTwoLogLines() {
        try (LogCapture log = LogCapture.attach(Level.INFO)) {
            for (int i = 0; i < 100; i++) {
                try (WsClient client = WsClient.open(url("?protocol=1"), null, false)) {
                    assertEquals(4007, client.awaitClose(WsClient.WAIT));
                }
            }
            // The first refusal (unless an earlier test's window is still open) and at most one count.
            assertTrue(log.records().size() <= 2, log.summary());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"?protocol=5&client=java&version=2.4.4", "?protocol=6", "?protocol=7&client=js", "", "?client=js"})
    void supportedOrMissingProtocolVersionConnects(String query) {
        try (WsClient client = WsClient.open(url(query), null, false)) {
            client.next("pusher:connection_established");
            client.join("versioned");
        }
    }

    @Test
    void subscribingBeyondMaxChannelsGets4301AndASubscriptionErrorAndTheConnectionStays() {
        try (WsClient client = WsClient.connect(server, "hostile-key")) {
            client.join("many-1");
            client.join("many-2");
            client.join("many-3");
            client.subscribe("many-3");
            client.joined("many-3");
            client.subscribe("many-4");
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4301, error.getInt("code"));
            assertTrue(error.getString("message").contains("at most 3"), error.toString());
            JsonObject refused = client.next("pusher:subscription_error");
            assertEquals("many-4", refused.getString("channel"));
            JsonObject data = WsClient.dataObject(refused);
            assertEquals("LimitReached", data.getString("type"));
            assertEquals(403, data.getInt("status"));
            client.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"many-1\"}}");
            client.join("many-4");
            assertFalse(client.isClosed());
        }
    }

    private static String url(String query) {
        return "ws://127.0.0.1:" + server.port() + "/app/hostile-key" + query;
    }
}
