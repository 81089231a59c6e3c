package dev.reverbj.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every route of the HTTP API (SPEC.md section 7), driven by the official pusher-http-java library. */
class HttpApiTest {
    private static final AppConfig APP = AppConfig.withDefaults("api", "api-key", "api-secret");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;
    private static Pusher pusher;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  server: { max-request-size: 20000 }
                  apps:
                    - { app-id: api, key: api-key, secret: api-secret, max-message-size: 5000 }
                    - { app-id: second, key: second-key, secret: second-secret }
                """);
        pusher = client("api", "api-key", "api-secret");
    }

    @AfterAll
    static void stop() throws Exception {
        pusher.close();
        server.close();
    }

    private static Pusher client(String id, String key, String secret) {
        Pusher p = new Pusher(id, key, secret);
        p.setHost("127.0.0.1:" + server.port());
        p.setEncrypted(false);
        return p;
    }

    @Test
    void triggerReachesSubscribersOfEveryNamedChannel() {
        try (WsClient a = WsClient.connect(server, "api-key"); WsClient b = WsClient.connect(server, "api-key")) {
            a.join("api-one");
            b.join("api-two");
            Result result = pusher.trigger(List.of("api-one", "api-two"), "update", "plain text");
            assertEquals(200, result.getHttpStatus(), result.getMessage());
            assertEquals("{}", result.getMessage());
            // pusher-http-java JSON-encodes data, so a Java String arrives as a JSON string literal, as on Pusher.
            assertEquals("{\"event\":\"update\",\"channel\":\"api-one\",\"data\":\"\\\"plain text\\\"\"}", a.nextRaw());
            assertEquals("{\"event\":\"update\",\"channel\":\"api-two\",\"data\":\"\\\"plain text\\\"\"}", b.nextRaw());
        }
    }

    @Test
    void socketIdIsExcludedFromDelivery() {
        try (WsClient sender = WsClient.connect(server, "api-key"); WsClient other = WsClient.connect(server, "api-key")) {
            sender.join("api-exclude");
            other.join("api-exclude");
            assertEquals(200, pusher.trigger("api-exclude", "e", Map.of("n", 1), sender.socketId()).getHttpStatus());
            assertEquals("{\"event\":\"e\",\"channel\":\"api-exclude\",\"data\":\"{\\\"n\\\":1}\"}", other.nextRaw());
            // The API answered after handing the event to every local subscriber's queue.
            sender.expectOnlyPong();
        }
    }

    @Test
    void batchEventsAreAllDelivered() {
        try (WsClient a = WsClient.connect(server, "api-key")) {
            a.join("api-batch");
            Result result = pusher.trigger(List.of(new Event("api-batch", "first", "1"), new Event("api-batch", "second", "2")));
            assertEquals(200, result.getHttpStatus(), result.getMessage());
            assertEquals("{\"batch\":{}}", result.getMessage());
            assertEquals("{\"event\":\"first\",\"channel\":\"api-batch\",\"data\":\"\\\"1\\\"\"}", a.nextRaw());
            assertEquals("{\"event\":\"second\",\"channel\":\"api-batch\",\"data\":\"\\\"2\\\"\"}", a.nextRaw());
        }
    }

    @Test
    void infoReturnsCountsWithTheEvent() throws Exception {
        try (WsClient a = WsClient.connect(server, "api-key"); WsClient b = WsClient.connect(server, "api-key")) {
            a.joinPresence("presence-api-info", "{\"user_id\":\"1\"}", APP);
            b.join("api-info");
            HttpResponse<String> response = signed("POST", "/apps/api/events",
                    "{\"name\":\"x\",\"data\":\"d\",\"channels\":[\"presence-api-info\",\"api-info\"],\"info\":\"user_count,subscription_count\"}");
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"channels\":{\"presence-api-info\":{\"user_count\":1,\"subscription_count\":1},"
                    + "\"api-info\":{\"subscription_count\":1}}}", response.body());
        }
    }

    @Test
    void channelListFiltersByPrefixAndCountsPresenceUsersOnce() throws Exception {
        try (WsClient tab1 = WsClient.connect(server, "second-key");
             WsClient tab2 = WsClient.connect(server, "second-key");
             WsClient other = WsClient.connect(server, "second-key");
             WsClient plain = WsClient.connect(server, "second-key")) {
            AppConfig second = AppConfig.withDefaults("second", "second-key", "second-secret");
            tab1.joinPresence("presence-room", "{\"user_id\":\"u1\"}", second);
            tab2.joinPresence("presence-room", "{\"user_id\":\"u1\"}", second);
            other.joinPresence("presence-room", "{\"user_id\":\"u2\"}", second);
            plain.join("lobby");
            Pusher p = client("second", "second-key", "second-secret");
            assertEquals("{\"channels\":{\"lobby\":{},\"presence-room\":{}}}", p.get("/channels").getMessage());
            assertEquals("{\"channels\":{\"presence-room\":{\"user_count\":2}}}",
                    p.get("/channels", Map.of("filter_by_prefix", "presence-", "info", "user_count")).getMessage());
            assertEquals("{\"occupied\":true,\"user_count\":2,\"subscription_count\":3}",
                    p.get("/channels/presence-room", Map.of("info", "user_count,subscription_count")).getMessage());
            assertEquals("{\"occupied\":false,\"subscription_count\":0}",
                    p.get("/channels/empty-room", Map.of("info", "subscription_count")).getMessage());
            assertEquals("{\"users\":[{\"id\":\"u1\"},{\"id\":\"u2\"}]}", p.get("/channels/presence-room/users").getMessage());
            assertEquals("{\"connections\":4}", p.get("/connections").getMessage());
            Result notPresence = p.get("/channels/lobby/users");
            assertEquals(400, notPresence.getHttpStatus());
            assertEquals("{\"channels\":{\"lobby\":{},\"presence-room\":{\"user_count\":2}}}",
                    p.get("/channels", Map.of("info", "user_count")).getMessage());
        }
    }

    @Test
    void terminateConnectionsClosesEveryConnectionOfTheUser() {
        try (WsClient tab1 = WsClient.connect(server, "api-key");
             WsClient tab2 = WsClient.connect(server, "api-key");
             WsClient bystander = WsClient.connect(server, "api-key")) {
            tab1.joinPresence("presence-term", "{\"user_id\":\"banned\"}", APP);
            tab2.joinPresence("presence-term", "{\"user_id\":\"banned\"}", APP);
            bystander.joinPresence("presence-term", "{\"user_id\":\"ok\"}", APP);
            Result result = pusher.post("/users/banned/terminate_connections", "{}");
            assertEquals(200, result.getHttpStatus(), result.getMessage());
            assertEquals("{}", result.getMessage());
            assertEquals(4009, tab1.awaitClose(WsClient.WAIT));
            assertEquals(4009, tab2.awaitClose(WsClient.WAIT));
            assertEquals("{\"user_id\":\"banned\"}", WsClient.dataObject(bystander.next("pusher_internal:member_removed")).toString());
            assertTrue(!bystander.isClosed());
        }
    }

    @Test
    void wrongSecretGets401() {
        Result result = client("api", "api-key", "not-the-secret").trigger("c", "e", "d");
        assertEquals(401, result.getHttpStatus());
    }

    @Test
    void wrongKeyGets401() {
        Result result = client("api", "second-key", "api-secret").trigger("c", "e", "d");
        assertEquals(401, result.getHttpStatus());
        assertTrue(result.getMessage().contains("auth_key"), result.getMessage());
    }

    @Test
    void tamperedBodyGets401() throws Exception {
        String body = "{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\"}";
        Map<String, String> params = authParams(body, System.currentTimeMillis() / 1000);
        params.put("auth_signature", RequestSignature.sign("api-secret", "POST", "/apps/api/events", params));
        HttpResponse<String> response = send("POST", "/apps/api/events", params, body.replace("\"d\"", "\"x\""));
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("body_md5"), response.body());
    }

    @Test
    void timestampAnHourOldGets401() throws Exception {
        String body = "{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\"}";
        Map<String, String> params = authParams(body, System.currentTimeMillis() / 1000 - 3600);
        params.put("auth_signature", RequestSignature.sign("api-secret", "POST", "/apps/api/events", params));
        HttpResponse<String> response = send("POST", "/apps/api/events", params, body);
        assertEquals(401, response.statusCode());
        assertTrue(response.body().contains("auth_timestamp"), response.body());
    }

    @Test
    void unknownAppGets404() {
        Result result = client("nope", "api-key", "api-secret").trigger("c", "e", "d");
        assertEquals(404, result.getHttpStatus());
    }

    @Test
    void unknownRouteGets404WithJson() throws Exception {
        HttpResponse<String> response = signed("GET", "/apps/api/nothing-here", "");
        assertEquals(404, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
    }

    @Test
    void wrongMethodGets405() throws Exception {
        HttpResponse<String> response = signed("GET", "/apps/api/events", "");
        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
        assertEquals(405, signed("POST", "/apps/api/channels", "{}").statusCode());
    }

    @Test
    void bodyOverMaxRequestSizeGets413() throws Exception {
        HttpResponse<String> response = signed("POST", "/apps/api/events",
                "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(25_000) + "\"}");
        assertEquals(413, response.statusCode(), response.body());
    }

    @Test
    void dataOverTheAppsMaxMessageSizeGets413() throws Exception {
        HttpResponse<String> response = signed("POST", "/apps/api/events",
                "{\"name\":\"e\",\"channel\":\"c\",\"data\":\"" + "x".repeat(6_000) + "\"}");
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(response.body().contains("data"), response.body());
    }

    @Test
    void validationErrorsGet422NamingTheField() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("{\"data\":\"d\",\"channel\":\"c\"}", "name");
        cases.put("{\"name\":\"" + "n".repeat(201) + "\",\"data\":\"d\",\"channel\":\"c\"}", "name");
        cases.put("{\"name\":\"e\",\"channel\":\"c\"}", "data");
        cases.put("{\"name\":\"e\",\"data\":\"d\"}", "channels");
        cases.put("{\"name\":\"e\",\"data\":\"d\",\"channel\":\"bad channel\"}", "channel");
        cases.put("{\"name\":\"e\",\"data\":\"d\",\"channels\":[\"ok\",\"bad!\"]}", "channels[1]");
        cases.put("{\"name\":\"e\",\"data\":\"d\",\"channels\":" + tooManyChannels() + "}", "channels");
        cases.put("{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\",\"socket_id\":\"nope\"}", "socket_id");
        cases.put("{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\",\"info\":\"bogus\"}", "info");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = signed("POST", "/apps/api/events", c.getKey());
            assertEquals(422, response.statusCode(), c.getKey() + " -> " + response.body());
            assertTrue(response.body().contains(c.getValue()), c.getKey() + " -> " + response.body());
        }
        String batch = "{\"batch\":[" + "{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\"},".repeat(10)
                + "{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\"}]}";
        HttpResponse<String> tooBig = signed("POST", "/apps/api/batch_events", batch);
        assertEquals(422, tooBig.statusCode());
        assertTrue(tooBig.body().contains("batch"), tooBig.body());
    }

    @Test
    void malformedJsonGets400() throws Exception {
        HttpResponse<String> response = signed("POST", "/apps/api/events", "{not json");
        assertEquals(400, response.statusCode());
        assertTrue(response.body().startsWith("{\"error\":"), response.body());
    }

    @Test
    void upAnswersUnsigned() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/up")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals("{\"health\":\"OK\"}", response.body());
    }

    private static String tooManyChannels() {
        return java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"c" + i + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    private static Map<String, String> authParams(String body, long timestamp) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("auth_key", "api-key");
        params.put("auth_timestamp", Long.toString(timestamp));
        params.put("auth_version", "1.0");
        if (!body.isEmpty()) {
            params.put("body_md5", Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8)));
        }
        return params;
    }

    /** A correctly signed request, for bodies the Pusher library would not send. */
    private static HttpResponse<String> signed(String method, String path, String body) throws Exception {
        return send(method, path, ApiSigning.signed("api-key", "api-secret", method, path, body), body);
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> params, String body) throws Exception {
        return ApiSigning.send(server, method, path, params, body);
    }
}
