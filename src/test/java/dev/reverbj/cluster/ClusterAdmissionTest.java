package dev.reverbj.cluster;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.api.ApiSigning;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a node cannot promise that other nodes get an event, the HTTP API answers 503 with {@code Retry-After} and
 * delivers it nowhere (so a retry is no duplicate): before the node has reached the cluster ({@code /ready} says 503
 * too), and when Redis is away and the outbox is full. WebSocket clients are served meanwhile.
 */
class ClusterAdmissionTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void publishingAnswers503WithRetryAfterAndReadyIs503UntilTheNodeIsLinked() throws Exception {
        try (RedisProcess redis = RedisProcess.start()) {
            redis.kill();
            try (TestServer node = TestServer.start(Cluster.yaml("reverb-not-linked"), Map.of("REDIS_URL", redis.url()));
                 WsClient subscriber = WsClient.connect(node, TestApps.MAIN.key())) {
                subscriber.join("not-linked-1");

                HttpResponse<String> refused = publish(node, "{\"name\":\"e\",\"channel\":\"not-linked-1\",\"data\":\"1\"}");
                assertEquals(503, refused.statusCode(), refused.body());
                assertEquals("1", refused.headers().firstValue("Retry-After").orElse(null));
                assertTrue(refused.body().contains("not yet linked"), refused.body());
                assertEquals(503, get(node, "/ready").statusCode());
                assertTrue(Cluster.framesUntilPong(subscriber).isEmpty(), "a refused event is delivered nowhere");

                redis.restart();
                Cluster.await("the node linked to the cluster", Duration.ofSeconds(20),
                        () -> get(node, "/ready").statusCode() == 200);
                HttpResponse<String> accepted = publish(node, "{\"name\":\"e\",\"channel\":\"not-linked-1\",\"data\":\"2\"}");
                assertEquals(200, accepted.statusCode(), accepted.body());
                assertEquals("2", subscriber.next("e").getString("data"));
            }
        }
    }

    @Test
    void whileRedisIsAwayAFullOutboxAnswers503WithRetryAfterUntilRedisIsBack() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer node = TestServer.start(Cluster.yaml("reverb-outbox-full") + "    outbox:\n      size: 5\n",
                     Map.of("REDIS_URL", redis.url()));
             WsClient subscriber = WsClient.connect(node, TestApps.MAIN.key())) {
            subscriber.join("outbox-full-1");
            Cluster.await("the node linked to the cluster", Duration.ofSeconds(20),
                    () -> get(node, "/ready").statusCode() == 200);
            redis.kill();

            List<Integer> statuses = new ArrayList<>();
            HttpResponse<String> last = null;
            for (int i = 0; i < 10 && (last == null || last.statusCode() == 200); i++) {
                last = publish(node, "{\"name\":\"e\",\"channel\":\"outbox-full-1\",\"data\":\"" + i + "\"}");
                statuses.add(last.statusCode());
            }
            assertEquals(503, last.statusCode(), "statuses: " + statuses);
            assertEquals("5", last.headers().firstValue("Retry-After").orElse(null));
            assertTrue(statuses.size() >= 3 && statuses.size() <= 6, "the outbox holds five envelopes: " + statuses);
            List<String> delivered = Cluster.framesUntilPong(subscriber).stream().map(f -> f.getString("data")).toList();
            List<String> accepted = new ArrayList<>();
            for (int i = 0; i < statuses.size() - 1; i++) {
                accepted.add(Integer.toString(i));
            }
            assertEquals(accepted, delivered, "local subscribers get what was accepted, and not the refused one");

            redis.restart();
            Cluster.await("the outbox drained once Redis is back", Duration.ofSeconds(30),
                    () -> publishQuietly(node).statusCode() == 200);
        }
    }

    private static HttpResponse<String> publishQuietly(TestServer node) {
        try {
            return publish(node, "{\"name\":\"probe\",\"channel\":\"outbox-full-other\",\"data\":\"x\"}");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> publish(TestServer node, String body) throws Exception {
        String path = "/apps/" + TestApps.MAIN.id() + "/events";
        return ApiSigning.send(node, "POST", path,
                ApiSigning.signed(TestApps.MAIN.key(), TestApps.MAIN.secret(), "POST", path, body), body);
    }

    private static HttpResponse<String> get(TestServer node, String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(node.httpBase() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
