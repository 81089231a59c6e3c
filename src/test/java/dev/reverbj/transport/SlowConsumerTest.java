package dev.reverbj.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;

import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A client that stops reading while 2,000 events of 8 KB are broadcast does not delay the others, and is
 * closed with 4100 (SPEC.md section 6, DESIGN.md "never block a broadcaster").
 */
class SlowConsumerTest {
    private static final int EVENTS = 2_000;
    private static final java.util.concurrent.ExecutorService COUNTERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @Test
    void aClientThatStopsReadingIsClosedWith4100AndDoesNotDelayOthers() throws Exception {
        try (TestServer server = TestServer.start("""
                reverb:
                  server: { max-request-size: 200000 }
                  apps:
                    - { app-id: fan, key: fan-key, secret: fan-secret }
                """)) {
            WsClient slow = WsClient.open(server.wsUrl("fan-key"), null, true);
            slow.next("pusher:connection_established");
            slow.subscribe("firehose");
            slow.request(1);
            slow.joined("firehose");
            // From here on the slow client reads nothing.

            List<WsClient> fast = new ArrayList<>();
            List<CompletableFuture<Integer>> received = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                WsClient client = WsClient.connect(server, "fan-key");
                client.join("firehose");
                fast.add(client);
                // Not the common pool: with 2 cores it has one thread, which the JDK WebSocket client also needs.
                received.add(CompletableFuture.supplyAsync(() -> countEvents(client), COUNTERS));
            }

            Pusher pusher = new Pusher("fan", "fan-key", "fan-secret");
            pusher.setHost("127.0.0.1:" + server.port());
            pusher.setEncrypted(false);
            String payload = "x".repeat(8 * 1024);
            for (int sent = 0; sent < EVENTS; sent += 10) {
                List<Event> batch = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    batch.add(new Event("firehose", "tick", payload));
                }
                Result result = pusher.trigger(batch);
                assertEquals(200, result.getHttpStatus(), result.getMessage());
            }
            for (CompletableFuture<Integer> count : received) {
                assertEquals(EVENTS, count.get(30, TimeUnit.SECONDS));
            }
            // Let the slow client read again: what was already on the wire, then the 4100 close.
            slow.request(Long.MAX_VALUE);
            assertEquals(4100, slow.awaitClose(Duration.ofSeconds(10)));
            assertEquals("Over capacity", slow.closeReason());
            slow.close();
            fast.forEach(WsClient::close);
            pusher.close();
        }
    }

    private static int countEvents(WsClient client) {
        int count = 0;
        while (count < EVENTS) {
            client.next("tick", Duration.ofSeconds(20));
            count++;
        }
        return count;
    }
}
