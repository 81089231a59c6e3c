package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.protocol.ProtocolClients.Client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.reverbj.protocol.ProtocolClients.error;
import static dev.reverbj.protocol.ProtocolClients.subscriptionError;
import static dev.reverbj.protocol.ProtocolClients.succeeded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Subscribing, channel auth and the per-connection channel limit, on the protocol alone (no sockets). */
class SubscriptionsTest {
    private final ProtocolClients clients = new ProtocolClients(ClientEventsPolicy.MEMBERS, RateLimit.OFF, 100, 2);

    @Test
    void publicSubscribeSucceeds() {
        Client client = clients.connect();
        client.subscribe("news");
        assertEquals(List.of(succeeded("news")), client.frames());
        assertEquals(java.util.Set.of(ChannelName.of("news")), client.session().subscriptions());
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-a", "private-encrypted-a", "private-cache-a"})
    void signedChannelWithTheRightSignatureSucceeds(String channel) {
        Client client = clients.connect();
        client.subscribePrivate(channel);
        assertEquals(succeeded(channel), client.frames().get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"private-a", "private-encrypted-a", "presence-a", "presence-cache-a"})
    void signedChannelWithoutOrWithAWrongSignatureGets4009AndAnAuthError(String channel) {
        Client client = clients.connect();
        client.subscribe(channel);
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\"key:00\"}}");
        List<String> refusal = List.of(error(4009, "Connection is unauthorized"),
                subscriptionError(channel, "AuthError", "Connection is unauthorized", 401));
        assertEquals(List.of(refusal.get(0), refusal.get(1), refusal.get(0), refusal.get(1)), client.frames());
        assertTrue(client.session().subscriptions().isEmpty());
    }

    @Test
    void aSignatureForAnotherSocketIsRefused() {
        Client alice = clients.connect();
        Client mallory = clients.connect();
        mallory.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"private-x\",\"auth\":\""
                + alice.auth("private-x", null) + "\"}}");
        assertEquals(error(4009, "Connection is unauthorized"), mallory.frames().get(0));
    }

    @Test
    void beyondMaxChannelsGets4301AndLimitReachedAndTheOtherChannelsStay() {
        Client client = clients.connect();
        client.subscribe("one");
        client.subscribe("two");
        client.subscribe("two");
        client.clear();
        client.subscribe("three");
        String message = "Too many channels: at most 2 per connection (max-channels)";
        assertEquals(List.of(error(4301, message), subscriptionError("three", "LimitReached", message, 403)), client.frames());
        client.unsubscribe("one");
        client.clear();
        client.subscribe("three");
        assertEquals(List.of(succeeded("three")), client.frames());
        assertNull(client.connection().closedWith);
    }

    @Test
    void cacheChannelWithoutAnEventGetsCacheMiss() {
        Client client = clients.connect();
        client.subscribe("cache-a");
        assertEquals(List.of(succeeded("cache-a"), "{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-a\"}"), client.frames());
    }

    @Test
    void unsubscribedClientNoLongerReceives() {
        Client client = clients.connect();
        client.subscribe("news");
        client.unsubscribe("news");
        client.clear();
        clients.app.channels().deliver(ChannelName.of("news"), "{\"event\":\"x\"}", null);
        assertEquals(List.of(), client.frames());
        assertTrue(clients.app.channels().find(ChannelName.of("news")).isEmpty());
    }

    @Test
    void binaryFramesGet4200() {
        Client client = clients.connect();
        client.session().receiveBinary();
        assertEquals(List.of(error(4200, "Invalid message format: binary frames are not part of the Pusher protocol")),
                client.frames());
    }
}
