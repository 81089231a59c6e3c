package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.protocol.ProtocolClients.Client;

import org.junit.jupiter.api.Test;

import static dev.reverbj.protocol.ProtocolClients.error;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Client events under each {@code accept-client-events-from} policy (SPEC.md section 4), without sockets. */
class ClientEventRelayTest {
    private static String event(String channel) {
        return "{\"event\":\"client-typing\",\"channel\":\"" + channel + "\",\"data\":{\"who\":\"a\"}}";
    }

    @Test
    void membersPolicyRelaysOnPrivateChannelsToOthersButNotTheSender() {
        ProtocolClients clients = new ProtocolClients();
        Client a = clients.connect();
        Client b = clients.connect();
        a.subscribePrivate("private-chat");
        b.subscribePrivate("private-chat");
        a.clear();
        b.clear();
        a.send(event("private-chat"));
        assertEquals(List.of(event("private-chat")), b.frames());
        assertEquals(List.of(), a.frames());
    }

    @Test
    void presenceEventsCarryTheSendersUserId() {
        ProtocolClients clients = new ProtocolClients();
        Client a = clients.connect();
        Client b = clients.connect();
        a.subscribePresence("presence-chat", "{\"user_id\":\"alice\"}");
        b.subscribePresence("presence-chat", "{\"user_id\":\"bob\"}");
        b.clear();
        a.send(event("presence-chat"));
        assertEquals(List.of("{\"event\":\"client-typing\",\"channel\":\"presence-chat\",\"data\":{\"who\":\"a\"},"
                + "\"user_id\":\"alice\"}"), b.frames());
    }

    @Test
    void membersPolicyRefusesPublicChannelsAndNonSubscribersWith4009() {
        ProtocolClients clients = new ProtocolClients();
        Client a = clients.connect();
        a.subscribe("lobby");
        a.clear();
        a.send(event("lobby"));
        a.send(event("private-elsewhere"));
        String notMember = error(4009, "The client is not a member of the specified channel.");
        assertEquals(List.of(notMember, notMember), a.frames());
    }

    @Test
    void allPolicyRelaysOnPublicChannels() {
        ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.ALL, RateLimit.OFF, 100, 100);
        Client a = clients.connect();
        Client b = clients.connect();
        a.subscribe("lobby");
        b.subscribe("lobby");
        b.clear();
        a.send(event("lobby"));
        assertEquals(List.of(event("lobby")), b.frames());
    }

    @Test
    void nonePolicyRefusesWith4301() {
        ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.NONE, RateLimit.OFF, 100, 100);
        Client a = clients.connect();
        a.subscribePrivate("private-quiet");
        a.clear();
        a.send(event("private-quiet"));
        assertEquals(List.of(error(4301, "The app does not have client messaging enabled.")), a.frames());
    }
}
