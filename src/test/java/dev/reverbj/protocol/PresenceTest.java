package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.protocol.ProtocolClients.Client;

import org.junit.jupiter.api.Test;

import static dev.reverbj.protocol.ProtocolClients.error;
import static dev.reverbj.protocol.ProtocolClients.quote;
import static dev.reverbj.protocol.ProtocolClients.subscriptionError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Presence rosters, member_added / member_removed and member limits (SPEC.md section 3), without sockets. */
class PresenceTest {
    private final ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.MEMBERS, RateLimit.OFF, 2, 100);

    private static String roster(String channel, String data) {
        return "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"" + channel + "\",\"data\":"
                + quote(data) + "}";
    }

    private static String memberAdded(String channel, String userId, String info) {
        return "{\"event\":\"pusher_internal:member_added\",\"channel\":\"" + channel + "\",\"data\":"
                + quote("{\"user_id\":\"" + userId + "\",\"user_info\":" + info + "}") + "}";
    }

    private static String memberRemoved(String channel, String userId) {
        return "{\"event\":\"pusher_internal:member_removed\",\"channel\":\"" + channel + "\",\"data\":"
                + quote("{\"user_id\":\"" + userId + "\"}") + "}";
    }

    @Test
    void aNewMemberGetsTheRosterAndTheOthersGetMemberAdded() {
        Client alice = clients.connect();
        Client bob = clients.connect();
        alice.subscribePresence("presence-room", "{\"user_id\":\"a\",\"user_info\":{\"name\":\"Alice\"}}");
        bob.subscribePresence("presence-room", "{\"user_id\":2}");
        assertEquals(List.of(roster("presence-room",
                "{\"presence\":{\"count\":2,\"ids\":[\"a\",\"2\"],\"hash\":{\"a\":{\"name\":\"Alice\"},\"2\":{}}}}")), bob.frames());
        assertEquals(memberAdded("presence-room", "2", "{}"), alice.last());
    }

    @Test
    void aSecondTabIsNoNewMemberAndClosingOneOfTwoTabsRemovesNone() {
        Client watcher = clients.connect();
        Client tab1 = clients.connect();
        Client tab2 = clients.connect();
        watcher.subscribePresence("presence-tabs", "{\"user_id\":\"w\"}");
        tab1.subscribePresence("presence-tabs", "{\"user_id\":\"7\",\"user_info\":{\"tab\":1}}");
        tab2.subscribePresence("presence-tabs", "{\"user_id\":\"7\",\"user_info\":{\"tab\":2}}");
        assertEquals(List.of(roster("presence-tabs", "{\"presence\":{\"count\":2,\"ids\":[\"w\",\"7\"],"
                + "\"hash\":{\"w\":{},\"7\":{\"tab\":1}}}}")), tab2.frames());
        watcher.clear();
        tab1.session().disconnected();
        assertEquals(List.of(), watcher.frames());
        tab2.session().disconnected();
        assertEquals(List.of(memberRemoved("presence-tabs", "7")), watcher.frames());
    }

    @Test
    void aMemberJoiningOnAnotherNodeIsAnnouncedUnlessTheUserIsAMemberHereToo() {
        Client here = clients.connect();
        here.subscribePresence("presence-nodes", "{\"user_id\":\"h\"}");
        clients.app.hub().serve(new Apps(List.of(clients.app)));
        here.clear();
        clients.app.hub().memberAdded("app", ChannelName.of("presence-nodes"), "h", "{}");
        clients.app.hub().memberAdded("app", ChannelName.of("presence-nodes"), "r", "{}");
        assertEquals(List.of(memberAdded("presence-nodes", "r", "{}")), here.frames());
    }

    @Test
    void theConnectionStandsForItsPresenceUser() {
        Client client = clients.connect();
        client.subscribePresence("presence-who", "{\"user_id\":\"u9\"}");
        assertEquals("u9", client.session().userId());
        clients.app.terminateUser("u9");
        assertEquals(PusherError.USER_TERMINATED, client.connection().closedWith);
    }

    @Test
    void aFullChannelRefusesANewMemberWithLimitReached() {
        clients.connect().subscribePresence("presence-full", "{\"user_id\":\"1\"}");
        clients.connect().subscribePresence("presence-full", "{\"user_id\":\"2\"}");
        Client third = clients.connect();
        third.subscribePresence("presence-full", "{\"user_id\":\"3\"}");
        assertEquals(List.of(error(4100, "Presence channel is full (2 members)"),
                subscriptionError("presence-full", "LimitReached", "Presence channel is full (2 members)", 403)), third.frames());
        assertTrue(third.session().subscriptions().isEmpty());
    }

    @Test
    void userInfoIsLimitedInUtf8Bytes() {
        Client client = clients.connect();
        // 334 three-byte characters: 336 characters with the quotes, 1,004 bytes.
        client.subscribePresence("presence-bytes", "{\"user_id\":\"u\",\"user_info\":\"" + "€".repeat(334) + "\"}");
        String message = "Invalid message format: user_info is larger than 1000 bytes";
        assertEquals(List.of(error(4200, message), subscriptionError("presence-bytes", "InvalidSubscription", message, 400)),
                client.frames());
    }

    @Test
    void userIdIsLimitedInUtf8Bytes() {
        Client client = clients.connect();
        client.subscribePresence("presence-id", "{\"user_id\":\"" + "é".repeat(65) + "\"}");
        assertEquals(error(4200, "Invalid message format: user_id is larger than 128 bytes"), client.frames().get(0));
    }

    @Test
    void missingOrMalformedChannelDataGets4200() {
        Client client = clients.connect();
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-x\",\"auth\":\""
                + client.auth("presence-x", null) + "\"}}");
        assertEquals(error(4200, "Invalid message format: presence channels need channel_data"), client.frames().get(0));
        client.clear();
        client.subscribePresence("presence-x", "{\"user_info\":{}}");
        assertEquals(error(4200, "Invalid message format: channel_data.user_id must be a non-empty string or a number"),
                client.frames().get(0));
    }
}
