package dev.reverbj.transport;

import java.time.Duration;

import dev.reverbj.config.AppConfig;
import dev.reverbj.support.RawWsClient;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ping and prune against a real server with {@code ping-interval: 2} (SPEC.md section 5). */
class LivenessIntegrationTest {
    private static final AppConfig APP = AppConfig.withDefaults("live", "live-key", "live-secret");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: live, key: live-key, secret: live-secret, ping-interval: 2 }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSilentConnectionIsPingedThenPrunedWith4201WithinSixSeconds() {
        long start = System.nanoTime();
        try (WsClient silent = WsClient.connect(server, "live-key")) {
            // Never subscribes and never answers: Reverb would keep it forever, we must not.
            silent.next("pusher:ping", Duration.ofSeconds(4));
            JsonObject error = WsClient.dataObject(silent.next("pusher:error", Duration.ofSeconds(4)));
            assertEquals(4201, error.getInt("code"));
            assertEquals(4201, silent.awaitClose(Duration.ofSeconds(2)));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds <= 6, "pruned after " + seconds + " s");
        }
    }

    @Test
    void aConnectionThatAnswersPingsStays() throws Exception {
        try (WsClient lively = WsClient.connect(server, "live-key")) {
            lively.join("heartbeat");
            long deadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            int pings = 0;
            while (System.nanoTime() < deadline) {
                JsonObject ping = lively.next("pusher:ping", Duration.ofSeconds(4));
                assertEquals("pusher:ping", ping.getString("event"));
                lively.send("{\"event\":\"pusher:pong\",\"data\":{}}");
                pings++;
            }
            assertTrue(pings >= 2, "pings answered: " + pings);
            assertFalse(lively.isClosed());
        }
    }

    @Test
    void aPresenceMemberWhoseSocketIsResetIsRemovedWithinTwoPingIntervals() throws Exception {
        try (WsClient watcher = WsClient.connect(server, "live-key")) {
            watcher.joinPresence("presence-reset", "{\"user_id\":\"watcher\"}", APP);
            RawWsClient ghost = RawWsClient.connect(server, "live-key");
            ghost.join("presence-reset", "{\"user_id\":\"ghost\"}", APP);
            watcher.next("pusher_internal:member_added");
            // Vanish without a close frame: RST instead of FIN.
            ghost.vanish(true);
            long start = System.nanoTime();
            JsonObject removed = watcher.next("pusher_internal:member_removed", Duration.ofSeconds(5));
            assertEquals("{\"user_id\":\"ghost\"}", WsClient.dataObject(removed).toString());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis <= 4_500, "member removed after " + millis + " ms (2 x ping-interval = 4000 ms + one sweep)");
        }
    }
}
