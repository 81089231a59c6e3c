package dev.reverbj.compat;

import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.channel.PresenceChannel;
import com.pusher.client.channel.PresenceChannelEventListener;
import com.pusher.client.channel.PrivateChannel;
import com.pusher.client.channel.PrivateChannelEventListener;
import com.pusher.client.channel.PrivateEncryptedChannelEventListener;
import com.pusher.client.channel.PusherEvent;
import com.pusher.client.channel.User;
import com.pusher.client.connection.ConnectionState;
import com.pusher.rest.data.PresenceUser;

import dev.reverbj.support.JavaClients;
import dev.reverbj.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official pusher-java-client against a real server: every channel kind, client events and member
 * events. Channel auth is signed by the official pusher-http-java library, as a Laravel backend would.
 */
class PusherJavaClientTest {
    private static final String MASTER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    private static TestServer server;
    private static com.pusher.rest.Pusher backend;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: compat, key: compat-key, secret: compat-secret }
                    - { app-id: other, key: other-key, secret: other-secret }
                """);
        backend = new com.pusher.rest.Pusher("compat", "compat-key", "compat-secret", MASTER_KEY);
        backend.setHost("127.0.0.1:" + server.port());
        backend.setEncrypted(false);
    }

    @AfterAll
    static void stop() throws Exception {
        backend.close();
        server.close();
    }

    private static Pusher connect(String userId) throws InterruptedException {
        return JavaClients.connect(server, "compat-key", new PusherOptions()
                .setChannelAuthorizer((channel, socketId) -> channel.startsWith("presence-")
                        ? backend.authenticate(socketId, channel, new PresenceUser(userId, Map.of("name", "user " + userId)))
                        : backend.authenticate(socketId, channel)));
    }

    private static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T value = queue.poll(5, TimeUnit.SECONDS);
        assertNotNull(value, "nothing arrived within 5 s");
        return value;
    }

    /** Private and presence listeners in one, recording into queues. */
    private static class Recorder implements PresenceChannelEventListener, PrivateEncryptedChannelEventListener {
        final BlockingQueue<String> subscribed = new LinkedBlockingQueue<>();
        final BlockingQueue<PusherEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> added = new LinkedBlockingQueue<>();
        final BlockingQueue<String> removed = new LinkedBlockingQueue<>();
        final BlockingQueue<Set<User>> rosters = new LinkedBlockingQueue<>();

        @Override
        public void onSubscriptionSucceeded(String channelName) {
            subscribed.add(channelName);
        }

        @Override
        public void onEvent(PusherEvent event) {
            events.add(event);
        }

        @Override
        public void onAuthenticationFailure(String message, Exception e) {
        }

        @Override
        public void onUsersInformationReceived(String channelName, Set<User> users) {
            rosters.add(users);
        }

        @Override
        public void userSubscribed(String channelName, User user) {
            added.add(user.getId());
        }

        @Override
        public void userUnsubscribed(String channelName, User user) {
            removed.add(user.getId());
        }

        @Override
        public void onDecryptionFailure(String event, String reason) {
        }
    }

    @Test
    void publicChannelReceivesServerEvents() throws Exception {
        Pusher client = connect("1");
        try {
            Recorder recorder = new Recorder();
            client.subscribe("compat-public", recorder, "greeting");
            assertEquals("compat-public", poll(recorder.subscribed));
            assertEquals(200, backend.trigger("compat-public", "greeting", Map.of("hello", "world")).getHttpStatus());
            PusherEvent event = poll(recorder.events);
            assertEquals("greeting", event.getEventName());
            assertEquals("{\"hello\":\"world\"}", event.getData());
        } finally {
            client.disconnect();
        }
    }

    @Test
    void privateChannelsExchangeClientEvents() throws Exception {
        Pusher alice = connect("1");
        Pusher bob = connect("2");
        try {
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            PrivateChannel aliceChannel = alice.subscribePrivate("private-compat", a, "client-note");
            bob.subscribePrivate("private-compat", b, "client-note");
            poll(a.subscribed);
            poll(b.subscribed);
            aliceChannel.trigger("client-note", "{\"text\":\"hi bob\"}");
            PusherEvent event = poll(b.events);
            assertEquals("client-note", event.getEventName());
            assertEquals("{\"text\":\"hi bob\"}", event.getData());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void privateEncryptedChannelsCarryCiphertextTheClientDecrypts() throws Exception {
        Pusher client = connect("1");
        try {
            Recorder recorder = new Recorder();
            client.subscribePrivateEncrypted("private-encrypted-compat", recorder, "secret");
            poll(recorder.subscribed);
            assertEquals(200, backend.trigger("private-encrypted-compat", "secret", Map.of("pin", "1234")).getHttpStatus());
            PusherEvent event = poll(recorder.events);
            assertEquals("{\"pin\":\"1234\"}", event.getData());
        } finally {
            client.disconnect();
        }
    }

    @Test
    void presenceChannelsShowMembersJoiningAndLeaving() throws Exception {
        Pusher alice = connect("alice");
        Recorder a = new Recorder();
        try {
            PresenceChannel channel = alice.subscribePresence("presence-compat", a);
            poll(a.subscribed);
            assertEquals(1, poll(a.rosters).size());
            Pusher bob = connect("bob");
            Recorder b = new Recorder();
            bob.subscribePresence("presence-compat", b);
            poll(b.subscribed);
            assertEquals("bob", poll(a.added));
            assertEquals(2, channel.getUsers().size());
            bob.disconnect();
            assertEquals("bob", poll(a.removed));
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void cacheChannelsReplayTheLastEvent() throws Exception {
        assertEquals(200, backend.trigger("cache-compat", "state", Map.of("v", 3)).getHttpStatus());
        Pusher client = connect("1");
        try {
            Recorder recorder = new Recorder();
            client.subscribe("cache-compat", recorder, "state");
            poll(recorder.subscribed);
            assertEquals("{\"v\":3}", poll(recorder.events).getData());
        } finally {
            client.disconnect();
        }
    }

    @Test
    void privateChannelsCanNotBeJoinedWithAnotherAppsSignature() throws Exception {
        com.pusher.rest.Pusher otherBackend = new com.pusher.rest.Pusher("other", "other-key", "other-secret");
        PusherOptions options = new PusherOptions().setHost("127.0.0.1").setWsPort(server.port()).setUseTLS(false)
                .setChannelAuthorizer(otherBackend::authenticate);
        Pusher client = new Pusher("compat-key", options);
        BlockingQueue<String> failures = new LinkedBlockingQueue<>();
        client.connect();
        try {
            client.subscribePrivate("private-forged", new PrivateChannelEventListener() {
                @Override
                public void onAuthenticationFailure(String message, Exception e) {
                    failures.add(String.valueOf(message));
                }

                @Override
                public void onSubscriptionSucceeded(String channelName) {
                    failures.add("subscribed?!");
                }

                @Override
                public void onEvent(PusherEvent event) {
                }
            });
            // pusher-java-client reports a pusher:error 4009 as a connection error and never succeeds.
            String outcome = failures.poll(1500, TimeUnit.MILLISECONDS);
            assertTrue(outcome == null || !outcome.equals("subscribed?!"), String.valueOf(outcome));
        } finally {
            client.disconnect();
        }
    }
}
