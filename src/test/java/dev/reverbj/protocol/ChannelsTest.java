package dev.reverbj.protocol;


import dev.reverbj.config.AppConfig;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Subscriptions to every kind of channel (SPEC.md section 3), asserted on exact frames. */
class ChannelsTest {
    private static final AppConfig APP = AppConfig.withDefaults("chan", "chan-key", "chan-secret");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - app-id: chan
                      key: chan-key
                      secret: chan-secret
                      max-presence-members: 2
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Waits (5 s at most) until the app no longer has a session with this socket id. */
    private static void awaitSessionGone(String socketId) throws InterruptedException {
        App app = server.node().apps().byId("chan");
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        while (app.sessions().stream().anyMatch(s -> s.socketId().value().equals(socketId))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("session " + socketId + " still open after " + WsClient.WAIT);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void publicSubscriptionSucceeds() {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.subscribe("news");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"news\",\"data\":\"{}\"}",
                    client.nextRaw());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-orders", "private-encrypted-secrets", "private-cache-state"})
    void signedSubscriptionSucceeds(String channel) {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.subscribePrivate(channel, APP);
            client.joined(channel);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-orders", "private-encrypted-secrets", "presence-room"})
    void subscriptionWithBadSignatureGets4009AndSubscriptionError(String channel) {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel
                    + "\",\"auth\":\"chan-key:deadbeef\",\"channel_data\":\"{\\\"user_id\\\":\\\"1\\\"}\"}}");
            assertEquals("{\"event\":\"pusher:error\",\"data\":\"{\\\"code\\\":4009,\\\"message\\\":\\\"Connection is unauthorized\\\"}\"}",
                    client.nextRaw());
            JsonObject error = client.next("pusher:subscription_error");
            assertEquals(channel, error.getString("channel"));
            JsonObject data = WsClient.dataObject(error);
            assertEquals("AuthError", data.getString("type"));
            assertEquals(401, data.getInt("status"));
        }
    }

    @Test
    void privateSubscriptionWithoutAuthIsRefused() {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.subscribe("private-no-auth");
            assertEquals(4009, client.nextErrorCode());
        }
    }

    @Test
    void signatureOfAnotherSocketIsRefused() {
        try (WsClient a = WsClient.connect(server, "chan-key"); WsClient b = WsClient.connect(server, "chan-key")) {
            String auth = Signatures.channelAuth(APP.key(), APP.secret(), new SocketId(a.socketId()),
                    ChannelName.of("private-x"), null);
            b.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-x\",\"auth\":\"" + auth + "\"}}");
            assertEquals(4009, b.nextErrorCode());
        }
    }

    @Test
    void presenceSubscriberGetsTheRosterAndOthersGetMemberAdded() {
        try (WsClient alice = WsClient.connect(server, "chan-key"); WsClient bob = WsClient.connect(server, "chan-key")) {
            alice.subscribePresence("presence-lobby", "{\"user_id\":\"1\",\"user_info\":{\"name\":\"Alice\"}}", APP);
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"presence-lobby\",\"data\":"
                    + "\"{\\\"presence\\\":{\\\"count\\\":1,\\\"ids\\\":[\\\"1\\\"],\\\"hash\\\":{\\\"1\\\":{\\\"name\\\":\\\"Alice\\\"}}}}\"}",
                    alice.nextRaw());
            bob.subscribePresence("presence-lobby", "{\"user_id\":2}", APP);
            JsonObject roster = WsClient.dataObject(bob.joined("presence-lobby")).getJsonObject("presence");
            assertEquals(2, roster.getInt("count"));
            assertEquals("[\"1\",\"2\"]", roster.getJsonArray("ids").toString());
            assertEquals("{\"1\":{\"name\":\"Alice\"},\"2\":{}}", roster.getJsonObject("hash").toString());
            assertEquals("{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-lobby\",\"data\":"
                    + "\"{\\\"user_id\\\":\\\"2\\\",\\\"user_info\\\":{}}\"}", alice.nextRaw());
            bob.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"presence-lobby\"}}");
            assertEquals("{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-lobby\",\"data\":"
                    + "\"{\\\"user_id\\\":\\\"2\\\"}\"}", alice.nextRaw());
        }
    }

    @Test
    void aUserWithTwoTabsIsOneMember() throws InterruptedException {
        try (WsClient watcher = WsClient.connect(server, "chan-key");
             WsClient tab1 = WsClient.connect(server, "chan-key");
             WsClient tab2 = WsClient.connect(server, "chan-key")) {
            watcher.joinPresence("presence-tabs", "{\"user_id\":\"w\"}", APP);
            tab1.joinPresence("presence-tabs", "{\"user_id\":\"7\",\"user_info\":{\"tab\":1}}", APP);
            watcher.next("pusher_internal:member_added");
            tab2.subscribePresence("presence-tabs", "{\"user_id\":\"7\",\"user_info\":{\"tab\":2}}", APP);
            JsonObject roster = WsClient.dataObject(tab2.joined("presence-tabs")).getJsonObject("presence");
            assertEquals(2, roster.getInt("count"));
            assertEquals("{\"tab\":1}", roster.getJsonObject("hash").getJsonObject("7").toString());
            // The second tab adds no member, and closing one of two tabs removes none.
            String gone = tab1.socketId();
            tab1.close();
            // Once the server forgot tab1's session it has left its channels; a member_removed would be queued by then.
            awaitSessionGone(gone);
            watcher.expectOnlyPong();
            tab2.close();
            assertEquals("{\"user_id\":\"7\"}", WsClient.dataObject(watcher.next("pusher_internal:member_removed")).toString());
        }
    }

    @Test
    void presenceChannelFullIsRefusedWithSubscriptionError() {
        try (WsClient a = WsClient.connect(server, "chan-key");
             WsClient b = WsClient.connect(server, "chan-key");
             WsClient c = WsClient.connect(server, "chan-key")) {
            a.joinPresence("presence-small", "{\"user_id\":\"a\"}", APP);
            b.joinPresence("presence-small", "{\"user_id\":\"b\"}", APP);
            c.subscribePresence("presence-small", "{\"user_id\":\"c\"}", APP);
            assertEquals(4100, c.nextErrorCode());
            assertEquals("LimitReached", WsClient.dataObject(c.next("pusher:subscription_error")).getString("type"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"user_info\":{}}", "not json", "{\"user_id\":\"\"}", "{\"user_id\":[1]}"})
    void badChannelDataGets4200(String channelData) {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.subscribePresence("presence-bad", channelData, APP);
            assertEquals(4200, client.nextErrorCode());
        }
    }

    @Test
    void oversizedUserInfoIsRefused() {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.subscribePresence("presence-big", "{\"user_id\":\"1\",\"user_info\":{\"x\":\"" + "y".repeat(1100) + "\"}}", APP);
            JsonObject error = WsClient.dataObject(client.next("pusher:error"));
            assertEquals(4200, error.getInt("code"));
        }
    }

    @Test
    void cacheChannelWithoutEventSendsCacheMiss() {
        try (WsClient client = WsClient.connect(server, "chan-key")) {
            client.join("cache-empty");
            assertEquals("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-empty\"}", client.nextRaw());
        }
    }

    @Test
    void cacheChannelReplaysTheLastEventToNewSubscribersEvenAfterEveryoneLeft() {
        try (WsClient sender = WsClient.connect(server, "chan-key")) {
            sender.joinPrivate("private-cache-game", APP);
            sender.next("pusher:cache_miss");
            sender.send("{\"event\":\"client-move\",\"channel\":\"private-cache-game\",\"data\":{\"n\":1}}");
            sender.send("{\"event\":\"client-move\",\"channel\":\"private-cache-game\",\"data\":{\"n\":2}}");
            sender.ping();
            sender.next("pusher:pong");
        }
        try (WsClient late = WsClient.connect(server, "chan-key")) {
            late.joinPrivate("private-cache-game", APP);
            assertEquals("{\"event\":\"client-move\",\"channel\":\"private-cache-game\",\"data\":{\"n\":2}}", late.nextRaw());
        }
    }

    @Test
    void unsubscribeStopsDelivery() {
        try (WsClient a = WsClient.connect(server, "chan-key"); WsClient b = WsClient.connect(server, "chan-key")) {
            a.joinPrivate("private-unsub", APP);
            b.joinPrivate("private-unsub", APP);
            b.send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"private-unsub\"}}");
            b.ping();
            b.next("pusher:pong");
            a.send("{\"event\":\"client-x\",\"channel\":\"private-unsub\",\"data\":{}}");
            // a's pong means its event was relayed; b's pong, that nothing was queued for b before it.
            a.expectOnlyPong();
            b.expectOnlyPong();
        }
    }
}
