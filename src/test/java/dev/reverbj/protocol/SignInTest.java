package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.protocol.ProtocolClients.Client;

import org.junit.jupiter.api.Test;

import static dev.reverbj.protocol.ProtocolClients.error;
import static dev.reverbj.protocol.ProtocolClients.quote;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@code pusher:signin} (user authentication), without sockets. */
class SignInTest {
    private final ProtocolClients clients = new ProtocolClients();

    private static void signIn(Client client, String userData, String auth) {
        client.send("{\"event\":\"pusher:signin\",\"data\":{\"user_data\":" + quote(userData) + ",\"auth\":" + quote(auth) + "}}");
    }

    private static String signature(Client client, String userData) {
        return ProtocolClients.KEY + ":" + Signatures.hmacSha256Hex(ProtocolClients.SECRET,
                client.session().socketId().value() + "::user::" + userData);
    }

    @Test
    void aSignedUserIsAcknowledgedAndCanBeTerminated() {
        Client client = clients.connect();
        String userData = "{\"id\":\"42\",\"name\":\"Ada\"}";
        signIn(client, userData, signature(client, userData));
        assertEquals(List.of("{\"event\":\"pusher:signin_success\",\"data\":" + quote("{\"user_data\":" + quote(userData) + "}") + "}"),
                client.frames());
        assertEquals("42", client.session().userId());
        clients.app.terminateUser("42");
        assertEquals(error(4009, "Connection terminated by the server"), client.last());
        assertEquals(PusherError.USER_TERMINATED, client.connection().closedWith);
    }

    @Test
    void aWrongSignatureGets4009AndSignsNobodyIn() {
        Client client = clients.connect();
        Client other = clients.connect();
        String userData = "{\"id\":\"42\"}";
        signIn(client, userData, signature(other, userData));
        assertEquals(List.of(error(4009, "Connection is unauthorized")), client.frames());
        assertNull(client.session().userId());
    }
}
