package dev.reverbj.observe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class MetricsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    static TestServer server = TestServer.start(TestApps.yaml());

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void metricsFollowRealClientActivity() throws Exception {
        Map<String, Double> before = scrape(server.httpBase());
        String channel = "private-metrics";
        String clientEvent = "{\"event\":\"client-typing\",\"channel\":\"" + channel + "\",\"data\":{\"who\":\"ä\"}}";
        long bytesIn;
        try (WsClient a = WsClient.connect(server, "key-1");
             WsClient b = WsClient.connect(server, "key-1")) {
            a.subscribePrivate(channel, TestApps.MAIN);
            a.joined(channel);
            b.subscribePrivate(channel, TestApps.MAIN);
            b.joined(channel);
            a.send(clientEvent);
            b.next("client-typing");

            Pusher pusher = new Pusher("app-1", "key-1", "secret-1");
            pusher.setHost("127.0.0.1:" + server.port());
            pusher.setEncrypted(false);
            Result ok = pusher.trigger(channel, "order-shipped", Map.of("id", 7));
            assertEquals(200, ok.getHttpStatus());
            a.next("order-shipped");
            b.next("order-shipped");
            Pusher forger = new Pusher("app-1", "key-1", "not-the-secret");
            forger.setHost("127.0.0.1:" + server.port());
            forger.setEncrypted(false);
            assertEquals(401, forger.trigger(channel, "x", Map.of()).getHttpStatus());

            WsClient stranger = WsClient.open(server.wsUrl("no-such-key"), null, false);
            assertEquals(4001, stranger.awaitClose(WsClient.WAIT));

            // Frames from clients: two subscribes and one client event.
            bytesIn = utf8(subscribeFrameOf(a)) + utf8(subscribeFrameOf(b)) + utf8(clientEvent);
            // Frames to clients: a gets established, subscription_succeeded, the API event; b also the client event.
            Map<String, Double> during = awaitScrape(m -> delta(before, m, "reverb_messages_sent_total{app=\"app-1\"}") >= 7);
            assertEquals(2, delta(before, during, "reverb_connections_opened_total{app=\"app-1\"}"));
            assertEquals(2, during.get("reverb_connections{app=\"app-1\"}"));
            assertEquals(1, during.get("reverb_channels{app=\"app-1\"}"));
            assertEquals(2, delta(before, during, "reverb_subscriptions_total{app=\"app-1\"}"));
            assertEquals(3, delta(before, during, "reverb_messages_received_total{app=\"app-1\"}"));
            assertEquals(bytesIn, delta(before, during, "reverb_bytes_received_total{app=\"app-1\"}"));
            assertEquals(7, delta(before, during, "reverb_messages_sent_total{app=\"app-1\"}"));
            assertTrue(delta(before, during, "reverb_bytes_sent_total{app=\"app-1\"}") > 300);
            assertEquals(1, delta(before, during, "reverb_http_api_requests_total{route=\"POST events\",status=\"200\"}"));
            assertEquals(1, delta(before, during, "reverb_http_api_requests_total{route=\"POST events\",status=\"401\"}"));
            assertEquals(1, delta(before, during, "reverb_connections_rejected_total{reason=\"4001\"}"));
            assertEquals(1, during.get("reverb_ready"));
        }
        Map<String, Double> after = awaitScrape(m -> m.get("reverb_connections{app=\"app-1\"}") == 0);
        assertEquals(2, delta(before, after, "reverb_connections_closed_total{app=\"app-1\"}"));
        assertEquals(0, after.get("reverb_channels{app=\"app-1\"}"));
    }

    @Test
    void readyAnswers200WhileServing() throws Exception {
        HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpBase() + "/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, ready.statusCode());
        assertEquals("{\"ready\":true}", ready.body());
    }

    @Test
    void drainingNodeIsNotReadyAndRefusesNewSockets() throws Exception {
        try (TestServer draining = TestServer.start(TestApps.yaml())) {
            WsClient before = WsClient.connect(draining, "key-1");
            draining.node().apps().stopAccepting();
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(draining.httpBase() + "/ready")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
            WsClient late = WsClient.open(draining.wsUrl("key-1"), null, false);
            assertEquals(4200, late.awaitClose(WsClient.WAIT));
            assertEquals(1, scrape(draining.httpBase()).get("reverb_connections_rejected_total{reason=\"4200\"}"));
            draining.node().shutdown(Duration.ofSeconds(5));
            assertEquals(4200, before.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void metricsPortServesMetricsAwayFromThePublicPort() throws Exception {
        int adminPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            adminPort = socket.getLocalPort();
        }
        String yaml = "reverb:\n  server:\n    metrics-port: " + adminPort + "\n" + TestApps.yaml().substring("reverb:\n".length());
        try (TestServer admin = TestServer.start(yaml)) {
            assertEquals(adminPort, admin.node().metricsPort());
            assertEquals(0, scrape("http://127.0.0.1:" + adminPort).get("reverb_connections{app=\"app-1\"}"));
            HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + adminPort + "/ready")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ready.statusCode());
            HttpResponse<String> hidden = HTTP.send(HttpRequest.newBuilder(URI.create(admin.httpBase() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(404, hidden.statusCode());
        }
    }

    /** The subscribe frame WsClient sent: recomputed, since the signature depends on the socket id. */
    private static String subscribeFrameOf(WsClient client) {
        String auth = dev.reverbj.protocol.Signatures.channelAuth("key-1", "secret-1",
                new dev.reverbj.protocol.SocketId(client.socketId()), dev.reverbj.protocol.ChannelName.of("private-metrics"), null);
        return jakarta.json.Json.createObjectBuilder().add("event", "pusher:subscribe")
                .add("data", jakarta.json.Json.createObjectBuilder().add("channel", "private-metrics").add("auth", auth))
                .build().toString();
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        Double now = after.get(series);
        if (now == null) {
            fail("no series " + series + " in " + after.keySet());
        }
        return now - before.getOrDefault(series, 0.0);
    }

    private static Map<String, Double> awaitScrape(Predicate<Map<String, Double>> done) throws Exception {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        Map<String, Double> m = scrape(server.httpBase());
        while (!done.test(m) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            m = scrape(server.httpBase());
        }
        return m;
    }

    /** Prometheus text into {@code series -> value}, checking the content type on the way. */
    static Map<String, Double> scrape(String base) throws Exception {
        HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, res.statusCode());
        assertTrue(res.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        Map<String, Double> series = new HashMap<>();
        for (String line : res.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }
}
