package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ClusterPresence;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.Scrape;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes on one real redis-server behave as one server, seen by real clients: events, client events,
 * socket_id exclusion, presence, HTTP API answers, terminate and cache channels, across nodes.
 */
class RedisClusterTest {
    private static final Duration QUIET = Duration.ofMillis(700);
    private static RedisProcess redis;
    private static List<TestServer> nodes = List.of();
    private static TestServer a;
    private static TestServer b;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisProcess.start();
        nodes = Cluster.start(redis, "reverb-test", 2, "accept-client-events-from: members");
        a = nodes.get(0);
        b = nodes.get(1);
    }

    @AfterAll
    static void stopCluster() {
        Cluster.closeAll(nodes);
        Cluster.closeAll(List.of(redis));
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

    private WsClient subscribed(TestServer node, String channel) {
        WsClient client = connect(node);
        if (channel.startsWith("private-")) {
            client.subscribePrivate(channel, TestApps.MAIN);
        } else {
            client.subscribe(channel);
        }
        client.joined(channel);
        return client;
    }

    private WsClient present(TestServer node, String channel, String userId) {
        WsClient client = connect(node);
        client.subscribePresence(channel, "{\"user_id\":\"" + userId + "\",\"user_info\":{\"name\":\"u" + userId + "\"}}", TestApps.MAIN);
        return client;
    }

    private static void awaitRemoteMember(TestServer node, String channel, String userId, boolean present) {
        ClusterPresence presence = Cluster.broker(node).presence(TestApps.MAIN.id());
        Cluster.await(userId + (present ? " visible" : " gone") + " on the other node", Duration.ofSeconds(5),
                () -> presence.remoteMembers(ChannelName.of(channel)).containsKey(userId) == present);
    }

    @Test
    void serverEventReachesSubscribersOnBothNodesExactlyOnce() throws Exception {
        WsClient onA = subscribed(a, "news-1");
        WsClient onB = subscribed(b, "news-1");

        Result result = Cluster.api(a).trigger("news-1", "headline", Map.of("n", 1));
        assertEquals(200, result.getHttpStatus(), result.getMessage());

        for (WsClient client : List.of(onA, onB)) {
            List<JsonObject> got = Cluster.collect(client, "headline", QUIET);
            assertEquals(1, got.size(), "exactly once: " + got);
            assertEquals("news-1", got.get(0).getString("channel"));
            assertEquals("{\"n\":1}", got.get(0).getString("data"));
        }
    }

    @Test
    void clientEventsCrossNodesAndAreNotEchoedToTheSender() {
        WsClient sender = subscribed(a, "private-chat-1");
        WsClient sameNode = subscribed(a, "private-chat-1");
        WsClient otherNode = subscribed(b, "private-chat-1");

        sender.send("{\"event\":\"client-typing\",\"channel\":\"private-chat-1\",\"data\":{\"who\":\"me\"}}");

        assertEquals(1, Cluster.collect(otherNode, "client-typing", QUIET).size());
        assertEquals(1, Cluster.collect(sameNode, "client-typing", QUIET).size());
        assertTrue(Cluster.collect(sender, "client-typing", QUIET).isEmpty(), "never echoed to the sender");
    }

    @Test
    void socketIdExclusionWorksForASocketOnAnotherNode() throws Exception {
        WsClient excluded = subscribed(a, "news-2");
        WsClient neighbour = subscribed(a, "news-2");
        WsClient remote = subscribed(b, "news-2");

        Cluster.api(b).trigger("news-2", "update", Map.of("x", 1), excluded.socketId());

        assertEquals(1, Cluster.collect(remote, "update", QUIET).size());
        assertEquals(1, Cluster.collect(neighbour, "update", QUIET).size());
        assertTrue(Cluster.collect(excluded, "update", QUIET).isEmpty(), "the excluded socket gets nothing");
    }

    @Test
    void presenceRosterAndMemberEventsAreClusterWide() {
        String channel = "presence-room-1";
        WsClient alice = present(a, channel, "1");
        alice.joined(channel);
        awaitRemoteMember(b, channel, "1", true);

        WsClient bob = present(b, channel, "2");
        JsonObject roster = WsClient.dataObject(bob.joined(channel)).getJsonObject("presence");
        assertEquals(2, roster.getInt("count"));
        assertEquals("u1", roster.getJsonObject("hash").getJsonObject("1").getString("name"));
        JsonObject added = WsClient.dataObject(alice.next("pusher_internal:member_added"));
        assertEquals("2", added.getString("user_id"));
        assertEquals("u2", added.getJsonObject("user_info").getString("name"));

        // Bob opens a second tab on node A: still one member, nobody is told.
        awaitRemoteMember(a, channel, "2", true);
        WsClient bobTab = present(a, channel, "2");
        assertEquals(2, WsClient.dataObject(bobTab.joined(channel)).getJsonObject("presence").getInt("count"));
        awaitRemoteMember(b, channel, "2", true);

        // His tab on B closes: he is still present through A.
        bob.close();
        awaitRemoteMember(a, channel, "2", false);
        assertTrue(Cluster.collect(alice, "pusher_internal:member_removed", QUIET).isEmpty());

        // His last tab closes: now he has left, once.
        bobTab.close();
        JsonObject removed = alice.next("pusher_internal:member_removed");
        assertEquals("2", WsClient.dataObject(removed).getString("user_id"));
        assertTrue(Cluster.collect(alice, "pusher_internal:member_removed", QUIET).isEmpty());
    }

    @Test
    void memberOnAnotherNodeIsToldWhenAUserLeavesEverywhere() {
        String channel = "presence-room-2";
        WsClient watcher = present(b, channel, "10");
        watcher.joined(channel);
        WsClient leaver = present(a, channel, "11");
        leaver.joined(channel);
        assertEquals("11", WsClient.dataObject(watcher.next("pusher_internal:member_added")).getString("user_id"));

        leaver.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");

        assertEquals("11", WsClient.dataObject(watcher.next("pusher_internal:member_removed")).getString("user_id"));
    }

    @Test
    void channelInfoUsersAndConnectionsAreClusterWideWithoutDoubleCounting() throws Exception {
        String channel = "presence-info-1";
        present(a, channel, "20").joined(channel);
        present(a, channel, "21").joined(channel);
        present(b, channel, "21").joined(channel);
        present(b, channel, "22").joined(channel);
        subscribed(a, "plain-info-1");
        subscribed(b, "plain-info-1");
        subscribed(b, "plain-info-1");
        Pusher api = Cluster.api(a);

        // Subscription counts of other nodes arrive with heartbeats (every second): allow a few.
        Cluster.await("cluster-wide subscription_count 4", Duration.ofSeconds(5), () -> api
                .get("/channels/" + channel, Map.of("info", "subscription_count,user_count")).getMessage()
                .equals("{\"occupied\":true,\"user_count\":3,\"subscription_count\":4}"));
        Cluster.await("plain channel counted on both nodes", Duration.ofSeconds(5), () -> api
                .get("/channels/plain-info-1", Map.of("info", "subscription_count")).getMessage()
                .equals("{\"occupied\":true,\"subscription_count\":3}"));

        assertEquals("{\"users\":[{\"id\":\"20\"},{\"id\":\"21\"},{\"id\":\"22\"}]}",
                Cluster.api(b).get("/channels/" + channel + "/users").getMessage());
        String list = api.get("/channels", Map.of("filter_by_prefix", "presence-info-", "info", "user_count")).getMessage();
        assertEquals("{\"channels\":{\"presence-info-1\":{\"user_count\":3}}}", list);

        Cluster.await("connections of both nodes", Duration.ofSeconds(5), () -> {
            int expected = a.node().apps().byId(TestApps.MAIN.id()).connectionCount()
                    + b.node().apps().byId(TestApps.MAIN.id()).connectionCount();
            return api.get("/connections").getMessage().equals("{\"connections\":" + expected + "}")
                    && Cluster.api(b).get("/connections").getMessage().equals("{\"connections\":" + expected + "}");
        });
    }

    @Test
    void terminateConnectionsClosesTheUsersSocketsOnEveryNode() {
        String channel = "presence-term-1";
        WsClient onA = present(a, channel, "77");
        onA.joined(channel);
        WsClient onB = present(b, channel, "77");
        onB.joined(channel);
        WsClient bystander = present(b, channel, "78");
        bystander.joined(channel);

        Result result = Cluster.api(a).post("/users/77/terminate_connections", "{}");
        assertEquals(200, result.getHttpStatus(), result.getMessage());

        onA.awaitClose(Duration.ofSeconds(5));
        onB.awaitClose(Duration.ofSeconds(5));
        assertFalse(bystander.isClosed());
        assertEquals("77", WsClient.dataObject(bystander.next("pusher_internal:member_removed")).getString("user_id"));
    }

    @Test
    void cacheChannelLastEventIsServedByEveryNode() throws Exception {
        Cluster.api(a).trigger("cache-score-1", "score", Map.of("home", 3));
        Cluster.await("the event reached node B's cache", Duration.ofSeconds(5),
                () -> b.node().apps().byId(TestApps.MAIN.id()).channels().cachedEvent(ChannelName.of("cache-score-1")).isPresent());

        WsClient late = connect(b);
        late.subscribe("cache-score-1");
        late.joined("cache-score-1");
        JsonObject cached = WsClient.parse(late.nextRaw());
        assertEquals("score", cached.getString("event"));
        assertEquals("{\"home\":3}", cached.getString("data"));
    }

    @Test
    void clientEventOnCacheChannelIsCachedOnTheOtherNode() {
        WsClient sender = subscribed(a, "private-cache-game-1");
        sender.send("{\"event\":\"client-move\",\"channel\":\"private-cache-game-1\",\"data\":{\"to\":\"e4\"}}");
        Cluster.await("the client event reached node B's cache", Duration.ofSeconds(5),
                () -> b.node().apps().byId(TestApps.MAIN.id()).channels().cachedEvent(ChannelName.of("private-cache-game-1")).isPresent());

        WsClient late = connect(b);
        late.subscribePrivate("private-cache-game-1", TestApps.MAIN);
        late.joined("private-cache-game-1");
        assertEquals("client-move", WsClient.parse(late.nextRaw()).getString("event"));
    }

    @Test
    void restartRequestReachesEveryNode() {
        java.util.concurrent.CountDownLatch restarted = new java.util.concurrent.CountDownLatch(2);
        a.node().broker().onRestart(restarted::countDown);
        b.node().broker().onRestart(restarted::countDown);
        try {
            long receivers = RedisBroker.requestRestart(a.node().config().scaling());
            assertTrue(receivers >= 2, "receivers: " + receivers);
            Cluster.await("both nodes asked to restart", Duration.ofSeconds(5), () -> restarted.getCount() == 0);
        } finally {
            a.node().broker().onRestart(() -> { });
            b.node().broker().onRestart(() -> { });
        }
    }

    @Test
    void brokerTrafficShowsInEachNodesOwnMetrics() {
        WsClient onB = subscribed(b, "metrics-seen");
        double publishedBefore = Scrape.of(a).value("reverb_broker_published_total");
        Result result = Cluster.api(a).trigger("metrics-seen", "e", "1");
        assertEquals(200, result.getHttpStatus());
        onB.next("e");
        Scrape onNodeB = Scrape.of(b);
        assertEquals(1, onNodeB.value("reverb_broker_up"));
        assertTrue(onNodeB.value("reverb_broker_received_total") > 0, onNodeB.text());
        assertEquals(0, onNodeB.value("reverb_broker_outages_total"));
        assertTrue(Scrape.of(a).value("reverb_broker_published_total") > publishedBefore, "node a published nothing?");
        // Both nodes run in this JVM and share Helidon's registry: each has its own series, told apart by `node`.
        assertEquals(2, Scrape.of(a.httpBase(), null).find("reverb_broker_up").stream()
                .filter(s -> s.labels().get("node").equals(a.node().metrics().node())
                        || s.labels().get("node").equals(b.node().metrics().node())).count());
    }
}
