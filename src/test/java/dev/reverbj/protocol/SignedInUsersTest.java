package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.protocol.ProtocolClients.Client;

import org.junit.jupiter.api.Test;

import static dev.reverbj.protocol.ProtocolClients.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signed-in connections and their internal channels (server-to-user, watchers), without sockets. */
class SignedInUsersTest {
    private final ProtocolClients clients = new ProtocolClients();

    private static void signIn(Client client, String userData) {
        String auth = ProtocolClients.KEY + ":" + Signatures.hmacSha256Hex(ProtocolClients.SECRET,
                client.session().socketId().value() + "::user::" + userData);
        client.send("{\"event\":\"pusher:signin\",\"data\":{\"user_data\":" + quote(userData) + ",\"auth\":" + quote(auth) + "}}");
    }

    private void deliver(ChannelName channel, String frame) {
        clients.app.channels().deliver(channel, frame, null);
    }

    @Test
    void aSignedInConnectionGetsWhatIsSentToItsUserAndToTheWatchersOfWhomItWatches() {
        Client tab = clients.connect();
        signIn(tab, "{\"id\":\"7\",\"watchlist\":[\"8\",9]}");
        tab.clear();

        deliver(ChannelName.serverToUser("7"), "to-7");
        deliver(ChannelName.serverToUser("8"), "to-8");
        deliver(ChannelName.watchers("9"), "9-online");
        assertEquals(List.of("to-7", "9-online"), tab.frames());
        assertTrue(clients.app.users().isOnline("7"));
        assertTrue(clients.app.channels().channels().isEmpty(), "internal channels are not listed");
        assertTrue(tab.session().subscriptions().isEmpty(), "nor counted as the client's subscriptions");
    }

    @Test
    void signingInAgainOrLeavingDropsTheInternalChannels() {
        Client tab = clients.connect();
        signIn(tab, "{\"id\":\"7\"}");
        signIn(tab, "{\"id\":\"8\"}");
        tab.clear();
        deliver(ChannelName.serverToUser("7"), "to-7");
        deliver(ChannelName.serverToUser("8"), "to-8");
        assertEquals(List.of("to-8"), tab.frames());
        assertFalse(clients.app.users().isOnline("7"));

        tab.session().disconnected();
        assertFalse(clients.app.users().isOnline("8"));
        assertTrue(clients.app.channels().find(ChannelName.serverToUser("8")).isEmpty());
    }

    @Test
    void onlyItsOwnUserMaySubscribeToAServerToUserChannelAndWatchersChannelsAreNoClientNames() {
        Client client = clients.connect();
        client.subscribe("#watchers-7");
        assertEquals(ProtocolClients.error(4200, "Invalid channel name: only A-Za-z0-9_-=@,.; are allowed"), client.last());
        client.clear();
        String refused = "Only the user signed in on this connection may subscribe to its server-to-user channel";
        client.subscribe("#server-to-user-7");
        assertEquals(List.of(ProtocolClients.error(4009, refused),
                ProtocolClients.subscriptionError("#server-to-user-7", "AuthError", refused, 401)), client.frames());

        signIn(client, "{\"id\":\"7\"}");
        client.clear();
        // pusher-js subscribes to its own right after signing in: confirmed, and still delivered once.
        client.subscribe("#server-to-user-7");
        assertEquals(List.of(ProtocolClients.succeeded("#server-to-user-7")), client.frames());
        client.subscribe("#server-to-user-8");
        assertEquals(ProtocolClients.subscriptionError("#server-to-user-8", "AuthError", refused, 401), client.last());
    }
}
