package dev.reverbj.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Event;
import com.pusher.rest.data.Result;

import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.Test;

/**
 * A socket's outbox is a stack its writer takes whole and reverses (SocketOutbox): with two publishers filling one
 * socket's outbox at once, nothing is lost and each channel's events arrive in the order they were published.
 */
class OutboxOrderTest {
    private static final int EVENTS = 2_000;
    private static final List<String> CHANNELS = List.of("left", "right");

    @Test
    void twoPublishersFillingOneSocketLoseNothingAndKeepEachChannelsOrder() throws Exception {
        ExecutorService publishers = Executors.newVirtualThreadPerTaskExecutor();
        try (TestServer server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: fan, key: fan-key, secret: fan-secret }
                """); publishers) {
            WsClient client = WsClient.connect(server, "fan-key");
            CHANNELS.forEach(client::join);
            List<CompletableFuture<Void>> published = new ArrayList<>();
            for (String channel : CHANNELS) {
                published.add(CompletableFuture.runAsync(() -> publish(server, channel), publishers));
            }

            Map<String, Integer> next = new HashMap<>(Map.of("left", 0, "right", 0));
            for (int i = 0; i < EVENTS * CHANNELS.size(); i++) {
                JsonObject event = client.next("n", Duration.ofSeconds(20));
                String channel = event.getString("channel");
                int expected = next.merge(channel, 1, Integer::sum) - 1;
                assertEquals(Integer.toString(expected), event.getString("data"), "order on " + channel);
            }
            for (CompletableFuture<Void> done : published) {
                done.get(30, TimeUnit.SECONDS);
            }
            assertEquals(Map.of("left", EVENTS, "right", EVENTS), next);
            client.close();
        }
    }

    private static void publish(TestServer server, String channel) {
        try (Pusher pusher = new Pusher("fan", "fan-key", "fan-secret")) {
            pusher.setHost("127.0.0.1:" + server.port());
            pusher.setEncrypted(false);
            pusher.setDataMarshaller(data -> (String) data);
            for (int sent = 0; sent < EVENTS; sent += 10) {
                List<Event> batch = new ArrayList<>();
                for (int i = sent; i < sent + 10; i++) {
                    batch.add(new Event(channel, "n", Integer.toString(i)));
                }
                Result result = pusher.trigger(batch);
                assertEquals(200, result.getHttpStatus(), result.getMessage());
            }
        } catch (Exception e) {
            throw new AssertionError("publishing to " + channel, e);
        }
    }
}
