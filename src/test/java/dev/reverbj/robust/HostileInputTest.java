package dev.reverbj.robust;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import dev.reverbj.api.ApiSigning;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seeded random garbage at both doors (WebSocket frames and signed HTTP API bodies): every answer is a defined
 * Pusher error or a 4xx, the connection and the node survive, and nothing is logged as a bug (a SEVERE line fails
 * the test through {@link dev.reverbj.support.NoSevereLogs}).
 */
class HostileInputTest {
    private static final long SEED = 20261126L;
    private static final Set<Integer> API_STATUSES = Set.of(200, 400, 401, 404, 405, 413, 422);
    private static TestServer server;
    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: hostile, key: hostile-key, secret: hostile-secret, accept-client-events-from: all }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void randomFramesGetDefinedErrorsAndTheConnectionSurvives() {
        Random random = new Random(SEED);
        try (WsClient client = WsClient.connect(server, "hostile-key")) {
            for (int i = 0; i < 400; i++) {
                String frame = randomFrame(random);
                client.send(frame);
                client.ping();
                // Whatever the garbage produced, the next thing we can rely on is our pong; anything before it must
                // be a frame the protocol defines.
                while (true) {
                    JsonObject reply = WsClient.parse(client.nextRaw());
                    String event = reply.getString("event", "");
                    if (event.equals("pusher:pong")) {
                        break;
                    }
                    assertTrue(Set.of("pusher:error", "pusher:subscription_error", "pusher_internal:subscription_succeeded",
                            "pusher:cache_miss", "pusher:signin_success").contains(event) || event.startsWith("client-"),
                            "after " + frame + ": " + reply);
                    if (event.equals("pusher:error")) {
                        int code = WsClient.dataObject(reply).getInt("code");
                        assertTrue(Set.of(4009, 4100, 4200, 4301).contains(code), "after " + frame + ": " + reply);
                    }
                }
                assertFalse(client.isClosed(), "closed after " + frame);
            }
        }
    }

    @Test
    void randomApiBodiesGetA4xxNeverA500() throws Exception {
        Random random = new Random(SEED + 1);
        HttpClient http = HttpClient.newHttpClient();
        String[] paths = {"/apps/hostile/events", "/apps/hostile/batch_events", "/apps/hostile/channels",
                "/apps/hostile/channels/x", "/apps/hostile/channels/presence-x/users", "/apps/hostile/connections",
                "/apps/hostile/users/u/terminate_connections", "/apps/hostile/channels/bad%20name"};
        for (int i = 0; i < 300; i++) {
            String path = paths[random.nextInt(paths.length)];
            String method = random.nextBoolean() ? "POST" : "GET";
            String body = method.equals("POST") ? randomJson(random, 3) : "";
            Map<String, String> params = new LinkedHashMap<>(ApiSigning.signed("hostile-key", "hostile-secret", method,
                    path.replace("%20", " "), body));
            if (random.nextInt(10) == 0) {
                params.put("info", randomString(random));
            }
            String query = params.entrySet().stream()
                    .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + path + "?" + query))
                    .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(API_STATUSES.contains(response.statusCode()), method + " " + path + " " + body + " -> "
                    + response.statusCode() + " " + response.body());
            assertTrue(response.body().startsWith("{"), response.body());
        }
        HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/up")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, up.statusCode());
    }

    private static final String[] EVENTS = {"pusher:subscribe", "pusher:unsubscribe", "pusher:ping", "pusher:pong",
            "pusher:signin", "pusher:bogus", "pusher_internal:member_added", "client-x", "client-", "other", ""};
    private static final String[] CHANNELS = {"public", "private-a", "presence-a", "private-encrypted-a", "cache-a",
            "presence-cache-a", "", "bad name", "x".repeat(210), "\u00e9t\u00e9"};

    private static String randomFrame(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> randomJson(random, 3);
            case 1 -> randomString(random);
            case 2 -> "{\"event\":" + quote(pick(random, EVENTS)) + ",\"data\":" + randomJson(random, 2) + "}";
            case 3 -> "{\"event\":" + quote(pick(random, EVENTS)) + ",\"channel\":" + quote(pick(random, CHANNELS))
                    + ",\"data\":" + randomJson(random, 2) + "}";
            case 4 -> "{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":" + quote(pick(random, CHANNELS))
                    + ",\"auth\":" + randomJson(random, 1) + ",\"channel_data\":" + randomJson(random, 1) + "}}";
            default -> "{\"event\":\"pusher:subscribe\",\"data\":" + quote("{\"channel\":" + quote(pick(random, CHANNELS))
                    + ",\"channel_data\":" + quote(randomJson(random, 2)) + "}") + "}";
        };
    }

    private static String randomJson(Random random, int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 6);
        return switch (kind) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> random.nextBoolean() ? Long.toString(random.nextLong()) : "1e999";
            case 3 -> quote(randomString(random));
            case 4 -> quote(pick(random, CHANNELS));
            case 5 -> "{";
            case 6 -> "[" + randomJson(random, depth - 1) + "," + randomJson(random, depth - 1) + "]";
            default -> "{" + quote(pick(random, new String[] {"name", "data", "channel", "channels", "socket_id",
                    "info", "user_id", "batch", "event"})) + ":" + randomJson(random, depth - 1) + ","
                    + quote(pick(random, new String[] {"name", "data", "channel", "channels", "batch"})) + ":"
                    + randomJson(random, depth - 1) + "}";
        };
    }

    private static String randomString(Random random) {
        StringBuilder out = new StringBuilder();
        int length = random.nextInt(24);
        for (int i = 0; i < length; i++) {
            out.append((char) (random.nextBoolean() ? 32 + random.nextInt(95) : random.nextInt(0x3000)));
        }
        return out.toString();
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String quote(String raw) {
        return jakarta.json.Json.createValue(raw).toString();
    }
}
