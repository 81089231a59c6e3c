package dev.reverbj.observe;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.protocol.SocketId;
import dev.reverbj.support.Scrape;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.Json;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /metrics} as Prometheus scrapes it: Helidon's output, the project's meters next to JVM and process ones. */
class MetricsTest {
    static TestServer server = TestServer.start(TestApps.yaml());

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void metricsFollowRealClientActivity() {
        Scrape before = Scrape.of(server);
        String channel = "private-metrics";
        String clientEvent = "{\"event\":\"client-typing\",\"channel\":\"" + channel + "\",\"data\":{\"who\":\"ä\"}}";
        try (WsClient a = WsClient.connect(server, "key-1");
             WsClient b = WsClient.connect(server, "key-1")) {
            a.subscribePrivate(channel, TestApps.MAIN);
            a.joined(channel);
            b.subscribePrivate(channel, TestApps.MAIN);
            b.joined(channel);
            a.send(clientEvent);
            b.next("client-typing");

            assertEquals(200, api("secret-1").trigger(channel, "order-shipped", Map.of("id", 7)).getHttpStatus());
            a.next("order-shipped");
            b.next("order-shipped");
            assertEquals(401, api("not-the-secret").trigger(channel, "x", Map.of()).getHttpStatus());

            WsClient stranger = WsClient.open(server.wsUrl("no-such-key"), null, false);
            assertEquals(4001, stranger.awaitClose(WsClient.WAIT));

            // Frames from clients: two subscribes and one client event.
            long bytesIn = utf8(subscribeFrameOf(a)) + utf8(subscribeFrameOf(b)) + utf8(clientEvent);
            // Frames to clients: a gets established, subscription_succeeded, the API event; b also the client event.
            Scrape during = awaitScrape(m -> delta(before, m, "reverb_messages_sent_total", "app", "app-1") >= 7);
            assertEquals(2, delta(before, during, "reverb_connections_opened_total", "app", "app-1"));
            assertEquals(2, during.value("reverb_connections", "app", "app-1"));
            assertEquals(1, during.value("reverb_channels", "app", "app-1"));
            assertEquals(2, delta(before, during, "reverb_subscriptions_total", "app", "app-1"));
            assertEquals(3, delta(before, during, "reverb_messages_received_total", "app", "app-1"));
            assertEquals(bytesIn, delta(before, during, "reverb_bytes_received_total", "app", "app-1"));
            assertEquals(7, delta(before, during, "reverb_messages_sent_total", "app", "app-1"));
            assertTrue(delta(before, during, "reverb_bytes_sent_total", "app", "app-1") > 300);
            assertEquals(1, delta(before, during, "reverb_http_api_requests_total", "route", "POST events", "status", "200"));
            assertEquals(1, delta(before, during, "reverb_http_api_requests_total", "route", "POST events", "status", "401"));
            assertEquals(1, delta(before, during, "reverb_connections_rejected_total", "reason", "4001"));
            assertEquals(1, during.value("reverb_ready"));
        }
        Scrape after = awaitScrape(m -> m.value("reverb_connections", "app", "app-1") == 0);
        assertEquals(2, delta(before, after, "reverb_connections_closed_total", "app", "app-1"));
        assertEquals(0, after.value("reverb_channels", "app", "app-1"));
    }

    @Test
    void jvmAndProcessMetersAreServedNextToTheProjectsMeters() {
        Scrape scrape = Scrape.of(server);
        assertEquals(0, scrape.value("reverb_connections", "app", "app-1", "scope", "application"));
        assertTrue(scrape.value("memory_used_heap_bytes", "scope", "base") > 1_000_000, scrape.text());
        assertTrue(scrape.value("memory_max_heap_bytes") > 0);
        assertFalse(scrape.find("gc_total").isEmpty(), "no GC meters");
        assertFalse(scrape.find("gc_time_seconds_total").isEmpty(), "no GC time");
        assertTrue(scrape.value("thread_count") > 1);
        assertTrue(scrape.value("jvm_uptime_seconds") > 0);
        assertTrue(scrape.value("cpu_available_processors") >= 1);
        assertTrue(scrape.value("process_cpu_time_milliseconds_total") > 0);
        double usage = scrape.value("process_cpu_usage");
        assertTrue(usage >= 0 && usage <= 1, "cpu usage " + usage);
        double open = scrape.value("process_open_fds");
        assertTrue(open > 10 && open < scrape.value("process_max_fds"), scrape.text());
        assertTrue(scrape.value("process_resident_memory_bytes") > 10_000_000);
        assertTrue(scrape.text().contains("# HELP reverb_connections Open WebSocket connections."), scrape.text());
        assertTrue(scrape.text().contains("# TYPE reverb_connections_opened_total counter"), scrape.text());
    }

    @Test
    void brokerMetersOnlyWithScalingOn() {
        // With scaling on they are there (RedisClusterTest.brokerTrafficShowsInEachNodesOwnMetrics).
        Scrape scrape = Scrape.of(server);
        assertTrue(scrape.samples().stream().noneMatch(s -> s.name().startsWith("reverb_broker_")), scrape.text());
    }

    @Test
    void helidonsObserveEndpointsAreNotOnTheMainPort() {
        assertEquals(404, Scrape.get(server.httpBase() + "/observe/metrics").statusCode());
        assertEquals(404, Scrape.get(server.httpBase() + "/observe/health").statusCode());
        assertEquals(404, Scrape.get(server.httpBase() + "/observe").statusCode());
    }

    @Test
    void twoNodesInOneJvmKeepTheirOwnValues() {
        String otherNode;
        try (TestServer other = TestServer.start(withServer("path: /realtime"));
             WsClient a = WsClient.connect(server, "key-1");
             WsClient b = WsClient.connect(server, "key-1")) {
            String node = server.node().metrics().node();
            otherNode = other.node().metrics().node();
            assertNotEquals(node, otherNode);
            assertEquals(2, Scrape.of(server).value("reverb_connections", "app", "app-1"));
            // The other node is reached under its path prefix too ({path}/metrics).
            Scrape ofOther = Scrape.of(other.httpBase() + "/realtime", otherNode);
            assertEquals(0, ofOther.value("reverb_connections", "app", "app-1"));
            assertEquals(0, ofOther.value("reverb_connections_opened_total", "app", "app-1"));
            // One registry per JVM: either port shows both nodes' series, told apart by their `node` label.
            Scrape all = Scrape.of(other.httpBase(), null);
            assertEquals(2, all.value("reverb_connections", "app", "app-1", "node", node));
            assertEquals(0, all.value("reverb_connections", "app", "app-1", "node", otherNode));
        }
        // A node that stopped leaves no series behind.
        Scrape left = Scrape.of(server.httpBase(), null);
        assertTrue(left.find("reverb_ready", "node", otherNode).isEmpty(), left.text());
        assertEquals(1, left.find("reverb_ready", "node", server.node().metrics().node()).size());
    }

    @Test
    void readyAnswers200WhileServing() {
        HttpResponse<String> ready = Scrape.get(server.httpBase() + "/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"ready\":true}", ready.body());
    }

    @Test
    void drainingNodeIsNotReadyAndRefusesNewSockets() {
        try (TestServer draining = TestServer.start(TestApps.yaml())) {
            WsClient before = WsClient.connect(draining, "key-1");
            draining.node().apps().stopAccepting();
            assertEquals(503, Scrape.get(draining.httpBase() + "/ready").statusCode());
            assertEquals(0, Scrape.of(draining).value("reverb_ready"));
            WsClient late = WsClient.open(draining.wsUrl("key-1"), null, false);
            assertEquals(4200, late.awaitClose(WsClient.WAIT));
            assertEquals(1, Scrape.of(draining).value("reverb_connections_rejected_total", "reason", "4200"));
            draining.node().shutdown();
            assertEquals(4200, before.awaitClose(WsClient.WAIT));
        }
    }

    @Test
    void metricsPortServesMetricsAwayFromThePublicPort() {
        int adminPort = freePort();
        try (TestServer admin = TestServer.start(withServer("metrics-port: " + adminPort))) {
            assertEquals(adminPort, admin.node().metricsPort());
            String base = "http://127.0.0.1:" + adminPort;
            assertEquals(0, Scrape.of(base, admin.node().metrics().node()).value("reverb_connections", "app", "app-1"));
            assertEquals(200, Scrape.get(base + "/ready").statusCode());
            assertEquals(404, Scrape.get(admin.httpBase() + "/metrics").statusCode());
            assertEquals(404, Scrape.get(admin.httpBase() + "/observe/metrics").statusCode());
        }
    }

    @Test
    void metricsHostBindsTheMetricsPortToThatAddressOnly() {
        // 127.0.0.2 is loopback too; the main port stays on 127.0.0.1.
        int adminPort = freePort();
        try (TestServer admin = TestServer.start(withServer("metrics-port: " + adminPort + "\n    metrics-host: 127.0.0.2"))) {
            assertEquals(1, Scrape.of("http://127.0.0.2:" + adminPort, admin.node().metrics().node()).value("reverb_ready"));
            assertThrows(AssertionError.class, () -> Scrape.get("http://127.0.0.1:" + adminPort + "/metrics"));
            assertEquals(404, Scrape.get(admin.httpBase() + "/metrics").statusCode());
        }
    }

    private static String withServer(String lines) {
        return "reverb:\n  server:\n    " + lines + "\n" + TestApps.yaml().substring("reverb:\n".length());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Pusher api(String secret) {
        Pusher pusher = new Pusher("app-1", "key-1", secret);
        pusher.setHost("127.0.0.1:" + server.port());
        pusher.setEncrypted(false);
        return pusher;
    }

    /** The subscribe frame WsClient sent: recomputed, since the signature depends on the socket id. */
    private static String subscribeFrameOf(WsClient client) {
        String auth = Signatures.channelAuth("key-1", "secret-1", new SocketId(client.socketId()),
                ChannelName.of("private-metrics"), null);
        return Json.createObjectBuilder().add("event", "pusher:subscribe")
                .add("data", Json.createObjectBuilder().add("channel", "private-metrics").add("auth", auth))
                .build().toString();
    }

    private static long utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static double delta(Scrape before, Scrape after, String name, String... labels) {
        return after.value(name, labels) - before.valueOrZero(name, labels);
    }

    private static Scrape awaitScrape(Predicate<Scrape> done) {
        long deadline = System.nanoTime() + WsClient.WAIT.toNanos();
        Scrape scrape = Scrape.of(server);
        while (!done.test(scrape) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            scrape = Scrape.of(server);
        }
        return scrape;
    }
}
