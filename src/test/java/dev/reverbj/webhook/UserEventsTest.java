package dev.reverbj.webhook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.support.JavaClients;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Server-to-user events and watchlists on one node, seen by real WebSocket clients. */
class UserEventsTest {
    private static TestServer server;
    private static Pusher api;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(TestApps.yaml());
        api = JavaClients.api(server);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        server.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient signedIn(String userData) {
        WsClient client = WsClient.connect(server, TestApps.MAIN.key());
        clients.add(client);
        client.signIn(userData, TestApps.MAIN);
        return client;
    }

    /** What pusher-http-java's sendToUser would send, where the Java SDK lacks the call. */
    static Result sendToUser(Pusher api, String userId, String event, String data) {
        String body = jakarta.json.Json.createObjectBuilder().add("name", event)
                .add("channel", "#server-to-user-" + userId).add("data", data).build().toString();
        return api.post("/events", body);
    }

    @Test
    void sendToUserReachesEveryConnectionSignedInAsThatUserAndNoOneElse() {
        WsClient tab1 = signedIn("{\"id\":\"u1\"}");
        WsClient tab2 = signedIn("{\"id\":\"u1\"}");
        WsClient other = signedIn("{\"id\":\"u2\"}");

        assertEquals(200, sendToUser(api, "u1", "notice", "{\"n\":1}").getHttpStatus());

        for (WsClient tab : List.of(tab1, tab2)) {
            assertEquals("{\"event\":\"notice\",\"channel\":\"#server-to-user-u1\",\"data\":\"{\\\"n\\\":1}\"}", tab.nextRaw());
        }
        other.ping();
        assertEquals("pusher:pong", WsClient.parse(other.nextRaw()).getString("event"));
    }

    @Test
    void internalChannelsAreNotListedAndOnlyTheirOwnUserMaySubscribeToAServerToUserChannel() {
        WsClient user = signedIn("{\"id\":\"u3\"}");
        // What pusher-js does right after pusher:signin_success: confirmed, and the connection stays subscribed once.
        user.subscribe("#server-to-user-u3");
        assertEquals("#server-to-user-u3", user.next("pusher_internal:subscription_succeeded").getString("channel"));
        WsClient intruder = WsClient.connect(server, TestApps.MAIN.key());
        clients.add(intruder);
        intruder.subscribe("#server-to-user-u3");
        assertEquals(4009, intruder.nextErrorCode());
        assertEquals("AuthError", WsClient.dataObject(intruder.next("pusher:subscription_error")).getString("type"));
        WsClient otherUser = signedIn("{\"id\":\"u4\"}");
        otherUser.subscribe("#server-to-user-u3");
        assertEquals(4009, otherUser.nextErrorCode());
        otherUser.subscribe("#watchers-u3");
        assertEquals(4200, otherUser.nextErrorCode());

        Result channels = api.get("/channels");
        assertEquals(200, channels.getHttpStatus());
        assertFalse(channels.getMessage().contains("#"), channels.getMessage());
        Result other = api.post("/events", "{\"name\":\"x\",\"channel\":\"#watchers-u3\",\"data\":\"{}\"}");
        assertEquals(422, other.getHttpStatus());
        assertEquals(200, sendToUser(api, "u3", "still-there", "{}").getHttpStatus());
        assertEquals("still-there", user.next("still-there").getString("event"));
        // Once, not twice: the confirmed subscription did not subscribe the connection a second time.
        user.expectOnlyPong();
    }

    @Test
    void aWatcherLearnsTheCurrentStateThenEachOnlineAndOfflineChange() {
        WsClient early = signedIn("{\"id\":\"w-early\"}");
        WsClient watcher = signedIn("{\"id\":\"watcher\",\"watchlist\":[\"w-early\",\"w-late\"]}");
        assertEquals(Map.of("online", List.of("w-early")), watchlistEvents(watcher.next("pusher_internal:watchlist_events")));

        WsClient late = signedIn("{\"id\":\"w-late\"}");
        assertEquals(Map.of("online", List.of("w-late")), watchlistEvents(watcher.next("pusher_internal:watchlist_events")));
        WsClient lateTab = signedIn("{\"id\":\"w-late\"}");
        late.close();
        lateTab.close();
        assertEquals(Map.of("offline", List.of("w-late")), watchlistEvents(watcher.next("pusher_internal:watchlist_events")));
        early.close();
        assertEquals(Map.of("offline", List.of("w-early")), watchlistEvents(watcher.next("pusher_internal:watchlist_events")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"everyone\"", "[{}]", "[\"\"]", "LONG_ID", "TOO_MANY"})
    void aMalformedWatchlistGets4200AndTheConnectionStays(String watchlist) {
        WsClient client = WsClient.connect(server, TestApps.MAIN.key());
        clients.add(client);
        String ids = switch (watchlist) {
            case "LONG_ID" -> "[\"" + "x".repeat(129) + "\"]";
            case "TOO_MANY" -> java.util.stream.IntStream.rangeClosed(0, 100).mapToObj(i -> "\"u" + i + "\"")
                    .collect(java.util.stream.Collectors.joining(",", "[", "]"));
            default -> watchlist;
        };
        String userData = "{\"id\":\"bad\",\"watchlist\":" + ids + "}";
        String auth = TestApps.MAIN.key() + ":" + dev.reverbj.protocol.Signatures.hmacSha256Hex(TestApps.MAIN.secret(),
                client.socketId() + "::user::" + userData);
        client.send(jakarta.json.Json.createObjectBuilder().add("event", "pusher:signin")
                .add("data", jakarta.json.Json.createObjectBuilder().add("user_data", userData).add("auth", auth)).build().toString());
        assertEquals(4200, client.nextErrorCode());
        client.ping();
        client.next("pusher:pong");
    }

    /** {@code {"events":[{"name":n,"user_ids":[…]}]}} as name to ids. */
    static Map<String, List<String>> watchlistEvents(JsonObject frame) {
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (var e : WsClient.dataObject(frame).getJsonArray("events")) {
            JsonObject event = e.asJsonObject();
            out.put(event.getString("name"), event.getJsonArray("user_ids").getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString).toList());
        }
        return out;
    }
}
