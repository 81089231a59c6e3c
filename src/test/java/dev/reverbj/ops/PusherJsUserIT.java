package dev.reverbj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;

import dev.reverbj.support.JavaClients;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * User authentication with real pusher-js 8.6.0 under node: {@code pusher.signin()} (user data signed with the app
 * secret, as a Laravel app's user-auth endpoint signs it), then {@code sendToUser} through the HTTP API reaches
 * {@code pusher.user.bind}, and the users on its watchlist going online and offline reach
 * {@code pusher.user.watchlist.bind} — with no error on the connection along the way (pusher-js subscribes to its own
 * {@code #server-to-user-{id}} after signing in).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PusherJsUserIT {
    @Test
    void aSignedInPusherJsUserGetsServerToUserEventsAndWatchlistEventsWithoutAnError() throws Exception {
        assumeTrue(PusherJs.install(), "node/npm missing or `npm install pusher-js` failed (CI installs nodejs and npm)");
        try (TestServer server = TestServer.start(TestApps.yaml());
             PusherJs user = PusherJs.signIn("127.0.0.1", server.port(), TestApps.MAIN.key(), TestApps.MAIN.secret(),
                     "{\"id\":\"42\",\"user_info\":{\"name\":\"Ann\"},\"watchlist\":[\"43\"]}");
             Pusher api = JavaClients.api(server)) {
            user.await(1, PusherJs.type("signed-in"), 20, "sign-in");
            user.await(1, line -> "internal-subscribed".equals(line.getString("type"))
                    && "#server-to-user-42".equals(line.getString("channel")), 10, "its #server-to-user-42 subscription");

            String body = Json.createObjectBuilder().add("name", "invoice-paid").add("channel", "#server-to-user-42")
                    .add("data", "{\"invoice\":7}").build().toString();
            assertEquals(200, api.post("/events", body).getHttpStatus());
            JsonObject event = user.await(1, PusherJs.type("user-event"), 10, "the server-to-user event");
            assertEquals("invoice-paid", event.getString("event"));
            assertEquals("{\"invoice\":7}", event.getString("data"));

            WsClient watched = WsClient.connect(server, TestApps.MAIN.key());
            watched.signIn("{\"id\":\"43\"}", TestApps.MAIN);
            // Right after signing in it was told who was online then: nobody (an "online" event with no ids).
            user.await(1, line -> watchlist(line, "online", "[\"43\"]"), 10, "user 43 online");
            watched.close();
            user.await(1, line -> watchlist(line, "offline", "[\"43\"]"), 10, "user 43 offline");

            assertFalse(user.transcript().contains("\"type\":\"error\""), user.transcript());
        }
    }

    private static boolean watchlist(JsonObject line, String name, String ids) {
        return "watchlist".equals(line.getString("type")) && name.equals(line.getString("name"))
                && ids.equals(line.getJsonArray("ids").toString());
    }
}
