package dev.reverbj.webhook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Observer;
import dev.reverbj.support.JavaClients;
import dev.reverbj.support.Scrape;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WebhookReceiver;
import dev.reverbj.support.WsClient;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import com.pusher.rest.data.Validity;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks of one node to a real HTTP receiver: Pusher's body and signature, batching, retries, a receiver
 * that never answers, a full queue. Each webhook of the app filters on a channel-name suffix, so each test
 * talks to the receiver path its channels end with.
 */
class WebhookTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final AtomicInteger flakyCalls = new AtomicInteger();
    private static WebhookReceiver receiver;
    private static TestServer server;
    private static Pusher api;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        receiver = WebhookReceiver.start()
                .answer("/sig", () -> 200)
                .answer("/batch", () -> 200)
                .answer("/room", () -> 200)
                .answer("/members", () -> 200)
                .answer("/flaky", () -> flakyCalls.incrementAndGet() <= 2 ? 500 : 200)
                .answer("/refusing", () -> 403)
                .hang("/hang");
        server = TestServer.start(TestApps.yaml(
                "accept-client-events-from: all",
                "webhooks:",
                "  - url: " + receiver.url("/sig"),
                "    filter: { channel-name-ends-with: \"-sig\" }",
                "    headers: { X-Tenant: \"42\" }",
                "  - url: " + receiver.url("/batch"),
                "    filter: { channel-name-starts-with: \"batch-\" }",
                "  - url: " + receiver.url("/room"),
                "    filter: { channel-name-ends-with: \"-room\" }",
                "  - url: " + receiver.url("/members"),
                "    event-types: [channel_occupied, member_added, member_removed, client_event, cache_miss]",
                "    filter: { channel-name-ends-with: \"-members\" }",
                "  - url: " + receiver.url("/flaky"),
                "    event-types: [channel_occupied]",
                "    filter: { channel-name-ends-with: \"-flaky\" }",
                "  - url: " + receiver.url("/refusing"),
                "    filter: { channel-name-ends-with: \"-refusing\" }",
                "  - url: " + receiver.url("/hang"),
                "    event-types: [channel_occupied, client_event]",
                "    filter: { channel-name-ends-with: \"-hang\" }",
                "    timeout: 30",
                "    queue-size: 3"));
        api = JavaClients.api(server);
    }

    @AfterAll
    static void stop() throws Exception {
        api.close();
        server.close();
        receiver.close();
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
    }

    private WsClient connect() {
        WsClient client = WsClient.connect(server, TestApps.MAIN.key());
        clients.add(client);
        return client;
    }

    @Test
    void aWebhookIsSignedSoPusherHttpJavaValidatesIt() {
        connect().join("private-x-sig".substring(8));

        WebhookReceiver.Request request = receiver.next("/sig", WAIT);
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals(TestApps.MAIN.key(), request.header("X-Pusher-Key"));
        assertEquals("42", request.header("X-Tenant"));
        assertEquals(Validity.VALID, api.validateWebhookSignature(request.header("X-Pusher-Key"),
                request.header("X-Pusher-Signature"), request.body()));
        Pusher otherSecret = new Pusher(TestApps.MAIN.id(), TestApps.MAIN.key(), "not-the-secret");
        assertEquals(Validity.INVALID, otherSecret.validateWebhookSignature(request.header("X-Pusher-Key"),
                request.header("X-Pusher-Signature"), request.body()));
        JsonObject body = request.json();
        assertTrue(Math.abs(body.getJsonNumber("time_ms").longValue() - System.currentTimeMillis()) < 60_000);
        assertEquals("[{\"name\":\"channel_occupied\",\"channel\":\"x-sig\"}]", body.getJsonArray("events").toString());
    }

    @Test
    void eventsWithinTheBatchWindowArriveInOnePost() {
        WsClient client = connect();
        client.subscribe("batch-1");
        client.subscribe("batch-2");
        client.subscribe("batch-3");
        client.joined("batch-1");
        client.joined("batch-2");
        client.joined("batch-3");

        WebhookReceiver.Request request = receiver.next("/batch", WAIT);
        assertEquals("[{\"name\":\"channel_occupied\",\"channel\":\"batch-1\"},"
                + "{\"name\":\"channel_occupied\",\"channel\":\"batch-2\"},"
                + "{\"name\":\"channel_occupied\",\"channel\":\"batch-3\"}]", request.json().getJsonArray("events").toString());
    }

    @Test
    void channelVacatedFollowsTheLastSubscriberLeaving() {
        WsClient first = connect();
        WsClient second = connect();
        first.join("lobby-room");
        second.join("lobby-room");
        first.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"lobby-room\"}}");
        second.close();

        List<JsonObject> events = receiver.eventsUntil("/room", WAIT, e -> e.getString("name").equals("channel_vacated"));
        assertEquals(List.of("{\"name\":\"channel_occupied\",\"channel\":\"lobby-room\"}",
                "{\"name\":\"channel_vacated\",\"channel\":\"lobby-room\"}"), events.stream().map(Object::toString).toList());
    }

    @Test
    void presenceMembersClientEventsAndCacheMissesHavePushersPayloads() {
        WsClient alice = connect();
        alice.joinPresence("presence-team-members", "{\"user_id\":\"alice\"}", TestApps.MAIN);
        WsClient aliceTab = connect();
        aliceTab.joinPresence("presence-team-members", "{\"user_id\":\"alice\"}", TestApps.MAIN);
        alice.send("{\"event\":\"client-typing\",\"channel\":\"presence-team-members\",\"data\":{\"text\":\"hi\"}}");
        connect().join("cache-news-members");
        alice.close();
        aliceTab.close();

        List<String> events = receiver.eventsUntil("/members", WAIT, e -> e.getString("name").equals("member_removed"))
                .stream().map(Object::toString).toList();
        assertEquals(List.of(
                "{\"name\":\"channel_occupied\",\"channel\":\"presence-team-members\"}",
                "{\"name\":\"member_added\",\"channel\":\"presence-team-members\",\"user_id\":\"alice\"}",
                "{\"name\":\"client_event\",\"channel\":\"presence-team-members\",\"event\":\"client-typing\","
                        + "\"data\":\"{\\\"text\\\":\\\"hi\\\"}\",\"socket_id\":\"" + alice.socketId() + "\",\"user_id\":\"alice\"}",
                "{\"name\":\"channel_occupied\",\"channel\":\"cache-news-members\"}",
                "{\"name\":\"cache_miss\",\"channel\":\"cache-news-members\"}",
                "{\"name\":\"member_removed\",\"channel\":\"presence-team-members\",\"user_id\":\"alice\"}"),
                events.subList(0, Math.min(6, events.size())));
    }

    @Test
    void aMemberGoneBeforeTheWorkerLookedIsStillAddedThenRemoved() {
        // What the hooks report when a member joins and leaves before the webhook worker gets to the join (a busy
        // node): the channel's other members saw member_added and member_removed, so the webhooks say so too.
        ChannelName channel = ChannelName.of("presence-blink-members");
        Observer hooks = server.node().apps().byKey(TestApps.MAIN.key()).observer();
        hooks.memberJoined(channel, "blink");
        hooks.memberLeft(channel, "blink");

        List<String> events = receiver.eventsUntil("/members", WAIT, e -> e.toString().contains("\"blink\"")
                        && e.getString("name").equals("member_removed"))
                .stream().map(Object::toString).filter(e -> e.contains("\"blink\"")).toList();
        assertEquals(List.of(
                "{\"name\":\"member_added\",\"channel\":\"presence-blink-members\",\"user_id\":\"blink\"}",
                "{\"name\":\"member_removed\",\"channel\":\"presence-blink-members\",\"user_id\":\"blink\"}"), events);
    }

    @Test
    void aReceiverThatAnswers500TwiceGetsTheBatchOnTheThirdTry() {
        connect().join("retry-flaky");

        WebhookReceiver.Request first = receiver.next("/flaky", WAIT);
        WebhookReceiver.Request second = receiver.next("/flaky", WAIT);
        WebhookReceiver.Request third = receiver.next("/flaky", WAIT);
        assertEquals(List.of(500, 500, 200), List.of(first.answered(), second.answered(), third.answered()));
        assertEquals(first.body(), third.body());
        assertEquals("[{\"name\":\"channel_occupied\",\"channel\":\"retry-flaky\"}]",
                third.json().getJsonArray("events").toString());
        assertTrue(metric("reverb_webhook_retries_total") >= 2);
    }

    @Test
    void aReceiverThatRefusesWith4xxIsNotRetried() {
        connect().join("first-refusing");
        WebhookReceiver.Request refused = receiver.next("/refusing", WAIT);
        assertEquals(403, refused.answered());
        connect().join("second-refusing");

        // The next request carries the next event: the refused batch was not sent again.
        WebhookReceiver.Request next = receiver.next("/refusing", WAIT);
        assertEquals("[{\"name\":\"channel_occupied\",\"channel\":\"second-refusing\"}]",
                next.json().getJsonArray("events").toString());
    }

    @Test
    void aReceiverThatNeverAnswersDelaysNoPublishAndOverflowIsDroppedAndCounted() throws Exception {
        WsClient subscriber = connect();
        subscriber.join("stuck-hang");
        receiver.next("/hang", WAIT); // the sender now waits for an answer that will not come (timeout: 30 s)
        double droppedBefore = metric("reverb_webhook_events_dropped_total");

        WsClient sender = connect();
        sender.join("stuck-hang");
        for (int i = 0; i < 10; i++) {
            sender.send("{\"event\":\"client-tick\",\"channel\":\"stuck-hang\",\"data\":{\"i\":" + i + "}}");
            assertEquals("client-tick", subscriber.next("client-tick").getString("event"));
        }
        for (int i = 0; i < 20; i++) {
            long start = System.nanoTime();
            Result result = api.trigger("stuck-hang", "server-tick", "{\"i\":" + i + "}");
            assertEquals(200, result.getHttpStatus());
            assertEquals("server-tick", subscriber.next("server-tick").getString("event"));
            // A bound far above a normal publish (milliseconds) and far below the receiver's 30 s timeout.
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "publish " + i + " waited for the webhook");
        }
        // Queue of 3: the 10 client events overflowed it.
        assertTrue(metric("reverb_webhook_events_dropped_total") - droppedBefore >= 7);
    }

    private static double metric(String name) {
        return Scrape.of(server).value(name);
    }
}
