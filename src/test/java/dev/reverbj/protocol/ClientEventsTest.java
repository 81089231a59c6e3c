package dev.reverbj.protocol;


import dev.reverbj.config.AppConfig;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Client events and {@code accept-client-events-from} (SPEC.md section 4). */
class ClientEventsTest {
    private static final AppConfig MEMBERS = AppConfig.withDefaults("members", "members-key", "members-secret");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: members, key: members-key, secret: members-secret }
                    - { app-id: all, key: all-key, secret: all-secret, accept-client-events-from: all }
                    - { app-id: none, key: none-key, secret: none-secret, accept-client-events-from: none }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void clientEventsReachOtherSubscribersButNotTheSender() {
        try (WsClient a = WsClient.connect(server, "members-key"); WsClient b = WsClient.connect(server, "members-key")) {
            a.joinPrivate("private-chat", MEMBERS);
            b.joinPrivate("private-chat", MEMBERS);
            a.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":\"{\\\"who\\\":\\\"a\\\"}\"}");
            assertEquals("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":\"{\\\"who\\\":\\\"a\\\"}\"}", b.nextRaw());
            a.expectOnlyPong();
        }
    }

    @Test
    void presenceClientEventsCarryTheSendersUserId() {
        try (WsClient a = WsClient.connect(server, "members-key"); WsClient b = WsClient.connect(server, "members-key")) {
            a.joinPresence("presence-chat", "{\"user_id\":\"alice\"}", MEMBERS);
            b.joinPresence("presence-chat", "{\"user_id\":\"bob\"}", MEMBERS);
            a.next("pusher_internal:member_added");
            a.send("{\"event\":\"client-wave\",\"channel\":\"presence-chat\",\"data\":{}}");
            assertEquals("{\"event\":\"client-wave\",\"channel\":\"presence-chat\",\"data\":{},\"user_id\":\"alice\"}", b.nextRaw());
        }
    }

    @Test
    void clientEventsOnPublicChannelsAreRefusedForMembersPolicy() {
        try (WsClient a = WsClient.connect(server, "members-key")) {
            a.join("public-chat");
            a.send("{\"event\":\"client-x\",\"channel\":\"public-chat\",\"data\":{}}");
            assertEquals("{\"event\":\"pusher:error\",\"data\":\"{\\\"code\\\":4009,\\\"message\\\":"
                    + "\\\"The client is not a member of the specified channel.\\\"}\"}", a.nextRaw());
        }
    }

    @Test
    void clientEventsToAChannelNotSubscribedAreRefused() {
        try (WsClient a = WsClient.connect(server, "members-key")) {
            a.send("{\"event\":\"client-x\",\"channel\":\"private-elsewhere\",\"data\":{}}");
            assertEquals(4009, a.nextErrorCode());
        }
    }

    @Test
    void allPolicyAcceptsClientEventsOnPublicChannels() {
        try (WsClient a = WsClient.connect(server, "all-key"); WsClient b = WsClient.connect(server, "all-key")) {
            a.join("room");
            b.join("room");
            a.send("{\"event\":\"client-x\",\"channel\":\"room\",\"data\":{\"k\":true}}");
            assertEquals("{\"event\":\"client-x\",\"channel\":\"room\",\"data\":{\"k\":true}}", b.nextRaw());
        }
    }

    @Test
    void nonePolicyRefusesClientEventsWith4301() {
        try (WsClient a = WsClient.connect(server, "none-key")) {
            a.join("room");
            a.send("{\"event\":\"client-x\",\"channel\":\"room\",\"data\":{}}");
            assertEquals("{\"event\":\"pusher:error\",\"data\":\"{\\\"code\\\":4301,\\\"message\\\":"
                    + "\\\"The app does not have client messaging enabled.\\\"}\"}", a.nextRaw());
        }
    }

    @Test
    void otherNonPusherEventsAreIgnored() {
        try (WsClient a = WsClient.connect(server, "members-key")) {
            a.send("{\"event\":\"something-else\",\"data\":{}}");
            a.expectOnlyPong();
        }
    }
}
