package dev.reverbj.transport;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;

import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Connection-level behaviour of SPEC.md sections 1, 2 and 6, asserted on the wire. */
class ConnectionTest {
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - app-id: open
                      key: open-key
                      secret: open-secret
                      allowed-origins: ["*"]
                      activity-timeout: 42
                    - app-id: glob
                      key: glob-key
                      secret: glob-secret
                      allowed-origins: ["*.example.com", "laravel.com"]
                    - app-id: strict
                      key: strict-key
                      secret: strict-secret
                      allowed-origins: ["other.test"]
                    - app-id: small
                      key: small-key
                      secret: small-secret
                      max-connections: 2
                      max-message-size: 200
                    - app-id: limited
                      key: limited-key
                      secret: limited-secret
                      rate-limiting: { enabled: true, max-attempts: 3, decay-seconds: 60, terminate-on-limit: false }
                    - app-id: strict-limit
                      key: terminate-key
                      secret: terminate-secret
                      rate-limiting: { enabled: true, max-attempts: 2, decay-seconds: 60, terminate-on-limit: true }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void connectionEstablishedCarriesSocketIdAndActivityTimeout() {
        try (WsClient client = WsClient.open(server.wsUrl("open-key"), null, false)) {
            JsonObject frame = WsClient.parse(client.nextRaw());
            assertEquals("pusher:connection_established", frame.getString("event"));
            JsonObject data = WsClient.dataObject(frame);
            assertTrue(data.getString("socket_id").matches("\\d+\\.\\d+"), data.toString());
            assertEquals(42, data.getInt("activity_timeout"));
            // data is a JSON-encoded string, as Pusher sends it
            assertEquals(jakarta.json.JsonValue.ValueType.STRING, frame.get("data").getValueType());
        }
    }

    @Test
    void unknownAppKeyGets4001AndIsClosed() {
        try (WsClient client = WsClient.open(server.wsUrl("no-such-key"), null, false)) {
            assertEquals("{\"event\":\"pusher:error\",\"data\":\"{\\\"code\\\":4001,\\\"message\\\":\\\"Application does not exist\\\"}\"}",
                    client.nextRaw());
            assertEquals(4001, client.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void crossOriginHandshakeSucceedsForAnAppAllowingEveryOrigin() {
        try (WsClient client = WsClient.open(server.wsUrl("open-key"), "https://app.example.com", false)) {
            client.next("pusher:connection_established");
        }
    }

    @Test
    void crossOriginHandshakeSucceedsForAMatchingGlob() {
        try (WsClient client = WsClient.open(server.wsUrl("glob-key"), "https://app.example.com", false)) {
            client.next("pusher:connection_established");
        }
    }

    @Test
    void originNotAllowedGets4009AndIsClosed() {
        try (WsClient client = WsClient.open(server.wsUrl("strict-key"), "https://app.example.com", false)) {
            JsonObject error = client.next("pusher:error");
            assertEquals(4009, WsClient.dataObject(error).getInt("code"));
            assertEquals("Origin not allowed", WsClient.dataObject(error).getString("message"));
            assertEquals(4009, client.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void restrictedAppRefusesAConnectionWithoutOrigin() {
        try (WsClient client = WsClient.open(server.wsUrl("glob-key"), null, false)) {
            assertEquals(4009, client.nextErrorCode());
            assertEquals(4009, client.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void connectionsOverTheAppQuotaGet4004() throws Exception {
        try (WsClient one = WsClient.connect(server, "small-key");
             WsClient two = WsClient.connect(server, "small-key");
             WsClient three = WsClient.open(server.wsUrl("small-key"), null, false)) {
            JsonObject error = three.next("pusher:error");
            assertEquals(4004, WsClient.dataObject(error).getInt("code"));
            assertEquals(4004, three.awaitClose(WsClient.WAIT));
        }
        // Closed connections free their place in the quota.
        awaitQuotaFree("small-key");
    }

    private static void awaitQuotaFree(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.node().apps().byKey(key).connectionCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, server.node().apps().byKey(key).connectionCount());
    }

    @Test
    void pusherPingIsAnsweredWithPong() {
        try (WsClient client = WsClient.connect(server, "open-key")) {
            client.ping();
            assertEquals("{\"event\":\"pusher:pong\",\"data\":\"{}\"}", client.nextRaw());
        }
    }

    @Test
    void webSocketPingControlFramesAreAnsweredWithPong() {
        try (WsClient client = WsClient.connect(server, "open-key")) {
            client.socket().sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
            assertEquals("{\"event\":\"ws:pong\"}", client.nextRaw());
        }
    }

    @Test
    void malformedFramesGet4200AndTheConnectionStays() {
        try (WsClient client = WsClient.connect(server, "open-key")) {
            for (String bad : new String[] {"not json", "[1,2]", "{\"event\":5}", "{\"data\":{}}",
                    "{\"event\":\"pusher:subscribe\",\"data\":\"{broken\"}", "{\"event\":\"pusher:nonsense\",\"data\":{}}",
                    "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"bad name!\"}}"}) {
                client.send(bad);
                JsonObject error = client.next("pusher:error");
                assertEquals(4200, WsClient.dataObject(error).getInt("code"), bad);
            }
            client.ping();
            client.next("pusher:pong");
            assertTrue(!client.isClosed());
        }
    }

    @Test
    void invalidChannelNamesAreExplained() {
        try (WsClient client = WsClient.connect(server, "open-key")) {
            client.subscribe("x".repeat(201));
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4200, error.getInt("code"));
            assertTrue(error.getString("message").contains("longer than 200"), error.toString());
        }
    }

    @Test
    void messagesOverMaxMessageSizeCloseTheSocketWith1009() {
        try (WsClient client = WsClient.connect(server, "small-key")) {
            client.send("{\"event\":\"client-x\",\"channel\":\"private-a\",\"data\":\"" + "x".repeat(300) + "\"}");
            assertEquals(1009, client.awaitClose(WsClient.WAIT));
            assertEquals("Maximum message size exceeded", client.closeReason());
        }
    }

    @Test
    void fragmentedMessagesAreJoinedAndCountTowardsTheLimit() {
        try (WsClient client = WsClient.connect(server, "open-key")) {
            WebSocket ws = client.socket();
            ws.sendText("{\"event\":\"pusher:pi", false).join();
            ws.sendText("ng\",\"data\":{}}", true).join();
            client.next("pusher:pong");
        }
    }

    @Test
    void framesOverTheRateLimitGet4301() {
        try (WsClient client = WsClient.connect(server, "limited-key")) {
            for (int i = 0; i < 3; i++) {
                client.ping();
                client.next("pusher:pong");
            }
            client.ping();
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4301, error.getInt("code"));
            assertEquals("Rate limit exceeded", error.getString("message"));
            client.expectOnlyControlPong();
            assertTrue(!client.isClosed());
        }
    }

    @Test
    void terminateOnLimitClosesWith4301() {
        try (WsClient client = WsClient.connect(server, "terminate-key")) {
            for (int i = 0; i < 3; i++) {
                client.ping();
            }
            assertEquals(4301, client.nextErrorCode());
            assertEquals(4301, client.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void binaryFramesAreInvalidMessages() {
        try (WsClient client = WsClient.connect(server, "open-key")) {
            client.socket().sendBinary(ByteBuffer.wrap(new byte[] {1}), true).join();
            assertEquals(4200, client.nextErrorCode());
        }
    }
}
