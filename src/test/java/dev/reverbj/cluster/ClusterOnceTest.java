package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.reverbj.protocol.Signatures;
import dev.reverbj.protocol.wire.JsonText;
import dev.reverbj.support.JavaClients;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WebhookReceiver;
import dev.reverbj.support.WsClient;

import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PusherEvent;
import com.pusher.rest.Pusher;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on a real redis-server: webhooks about channels and presence members fire once for the cluster,
 * sendToUser reaches a user signed in on the other node, and watchlists follow users across nodes.
 */
class ClusterOnceTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RedisProcess redis;
    private static WebhookReceiver receiver;
    private static List<TestServer> nodes = List.of();
    private static TestServer a;
    private static TestServer b;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisProcess.start();
        receiver = WebhookReceiver.start().answer("/hooks", () -> 200);
        nodes = Cluster.start(redis, "reverb-once", 2,
                "webhooks:",
                "  - url: " + receiver.url("/hooks"),
                "    event-types: [channel_occupied, channel_vacated, member_added, member_removed]");
        a = nodes.get(0);
        b = nodes.get(1);
    }

    @AfterAll
    static void stopCluster() {
        Cluster.closeAll(nodes);
        Cluster.closeAll(List.of(redis, receiver));
    }

    @AfterEach
    void closeClients() {
        Cluster.closeAll(clients);
    }

    private WsClient connect(TestServer node) {
        WsClient client = WsClient.connect(node, TestApps.MAIN.key());
        clients.add(client);
        return client;
    }

    /**
     * Webhook events until {@code last} arrived, then until both nodes' fence channels were announced: each node
     * sends its events in order, so nothing either node still had to send about earlier changes is missing.
     */
    private List<String> eventsThrough(String last, String fence) {
        List<String> events = new ArrayList<>(receiver.eventsUntil("/hooks", WAIT, e -> e.toString().equals(last))
                .stream().map(Object::toString).toList());
        connect(a).join(fence + "-a");
        connect(b).join(fence + "-b");
        List<String> fences = new ArrayList<>();
        while (fences.size() < 2) {
            for (JsonObject e : receiver.eventsUntil("/hooks", WAIT, x -> x.getString("channel").startsWith(fence))) {
                events.add(e.toString());
                if (e.getString("channel").startsWith(fence)) {
                    fences.add(e.getString("channel"));
                }
            }
        }
        return events;
    }

    private static long count(List<String> events, String event) {
        return events.stream().filter(event::equals).count();
    }

    @Test
    void channelOccupiedAndVacatedArriveOnceWhenSubscribersJoinAndLeaveOnBothNodes() {
        WsClient onA = connect(a);
        onA.join("shared-room");
        WsClient onB = connect(b);
        onB.join("shared-room");
        WsClient alsoOnA = connect(a);
        alsoOnA.join("shared-room");
        onA.close();
        onB.close();
        alsoOnA.close();

        String occupied = "{\"name\":\"channel_occupied\",\"channel\":\"shared-room\"}";
        String vacated = "{\"name\":\"channel_vacated\",\"channel\":\"shared-room\"}";
        List<String> events = eventsThrough(vacated, "fence-room");
        assertEquals(1, count(events, occupied), events.toString());
        assertEquals(1, count(events, vacated), events.toString());
        // Two nodes send independently; time_ms (when the batch's first event happened) orders them.
        assertTrue(receiver.timeOf(occupied) <= receiver.timeOf(vacated), events.toString());
    }

    @Test
    void memberAddedAndRemovedArriveOnceForAUserWithTabsOnBothNodes() {
        String data = "{\"user_id\":\"m1\"}";
        WsClient tabA = connect(a);
        tabA.joinPresence("presence-shared", data, TestApps.MAIN);
        WsClient tabB = connect(b);
        tabB.joinPresence("presence-shared", data, TestApps.MAIN);
        tabA.close();
        tabB.close();

        String added = "{\"name\":\"member_added\",\"channel\":\"presence-shared\",\"user_id\":\"m1\"}";
        String removed = "{\"name\":\"member_removed\",\"channel\":\"presence-shared\",\"user_id\":\"m1\"}";
        List<String> events = eventsThrough(removed, "fence-members");
        assertEquals(1, count(events, added), events.toString());
        assertEquals(1, count(events, removed), events.toString());
    }

    @Test
    void sendToUserReachesAPusherJavaClientUserSignedInOnTheOtherNode() throws Exception {
        BlockingQueue<PusherEvent> received = new LinkedBlockingQueue<>();
        com.pusher.client.Pusher client = pusherJavaClient(b, "{\"id\":\"42\",\"user_info\":{\"name\":\"Ann\"}}");
        clients.add(client::disconnect);
        client.user().bind("private-note", received::add);
        client.signin();
        Cluster.await("signin of user 42", WAIT, () -> "42".equals(client.user().userId()));

        Pusher api = Cluster.api(a);
        String body = Json.createObjectBuilder().add("name", "private-note").add("channel", "#server-to-user-42")
                .add("data", "{\"text\":\"hello from node a\"}").build().toString();
        assertEquals(200, api.post("/events", body).getHttpStatus());

        PusherEvent event = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(event, "sendToUser did not reach the user on the other node");
        assertEquals("{\"text\":\"hello from node a\"}", event.getData());
    }

    @Test
    void watchlistsFollowUsersOnlineAndOfflineAcrossNodes() {
        WsClient watcher = connect(a);
        watcher.signIn("{\"id\":\"watcher-1\",\"watchlist\":[\"friend\"]}", TestApps.MAIN);
        assertEquals(Map.of("online", List.of()), watchlist(watcher));

        WsClient friendOnB = connect(b);
        friendOnB.signIn("{\"id\":\"friend\"}", TestApps.MAIN);
        assertEquals(Map.of("online", List.of("friend")), watchlist(watcher));

        WsClient lateWatcher = connect(b);
        lateWatcher.signIn("{\"id\":\"watcher-2\",\"watchlist\":[\"friend\",\"nobody\"]}", TestApps.MAIN);
        assertEquals(Map.of("online", List.of("friend")), watchlist(lateWatcher));

        WsClient friendOnA = connect(a);
        friendOnA.signIn("{\"id\":\"friend\"}", TestApps.MAIN);
        friendOnB.close();
        friendOnA.close();
        // Still online while one tab remains: the first event after the join is the offline of the last tab.
        assertEquals(Map.of("offline", List.of("friend")), watchlist(watcher));
        assertEquals(Map.of("offline", List.of("friend")), watchlist(lateWatcher));
    }

    private static Map<String, List<String>> watchlist(WsClient client) {
        JsonObject frame = client.next("pusher_internal:watchlist_events", WAIT);
        Map<String, List<String>> out = new java.util.LinkedHashMap<>();
        for (var e : WsClient.dataObject(frame).getJsonArray("events")) {
            JsonObject event = e.asJsonObject();
            out.put(event.getString("name"), event.getJsonArray("user_ids").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList());
        }
        return out;
    }

    /** A pusher-java-client whose user authenticator signs {@code userData} as a Laravel backend would. */
    private static com.pusher.client.Pusher pusherJavaClient(TestServer node, String userData) throws InterruptedException {
        return JavaClients.connect(node, TestApps.MAIN.key(), new PusherOptions()
                .setUserAuthenticator(socketId -> "{\"auth\":" + JsonText.quote(TestApps.MAIN.key() + ":"
                        + Signatures.hmacSha256Hex(TestApps.MAIN.secret(), socketId + "::user::" + userData))
                        + ",\"user_data\":" + JsonText.quote(userData) + "}"));
    }
}
