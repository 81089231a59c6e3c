package dev.reverbj.observe;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.reverbj.cluster.BrokerMetrics;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.SocketId;
import dev.reverbj.support.Scrape;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The node's meter hooks, driven directly and read back from {@code /metrics} over HTTP. */
class NodeMetricsTest {
    static TestServer server = TestServer.start(TestApps.yaml());

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void countersLoseNothingUnderConcurrency() throws Exception {
        NodeMetrics metrics = server.node().metrics();
        AppObserver observer = new AppObserver("app-1", metrics, ServerEvents.of(List.of(), 10, metrics));
        Scrape before = Scrape.of(server);
        SocketId socket = new SocketId("1.1");
        Frame frame = Frame.of("{\"event\":\"é\"}");
        int threads = 8;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    observer.sent(socket, frame);
                    metrics.httpCall("POST concurrency", 200);
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        Scrape after = Scrape.of(server);
        long total = (long) threads * each;
        assertEquals(total, after.value("reverb_messages_sent_total", "app", "app-1")
                - before.value("reverb_messages_sent_total", "app", "app-1"));
        assertEquals(total * 14, after.value("reverb_bytes_sent_total", "app", "app-1")
                - before.value("reverb_bytes_sent_total", "app", "app-1"));
        assertEquals(total, after.value("reverb_http_api_requests_total", "route", "POST concurrency", "status", "200"));
        // Nobody connected: the connection gauge reads 0, never a negative number.
        assertEquals(0, after.value("reverb_connections", "app", "app-1"));
    }

    @Test
    void refusalsAreCountedByTheirPusherCode() {
        NodeMetrics metrics = server.node().metrics();
        double unknownBefore = Scrape.of(server).valueOrZero("reverb_connections_rejected_total", "reason", "4001");
        metrics.unknownApps().refused(PusherError.APP_NOT_FOUND);
        new AppObserver("app-1", metrics, ServerEvents.of(List.of(), 10, metrics)).refused(PusherError.OVER_QUOTA);
        Scrape after = Scrape.of(server);
        assertEquals(1, after.value("reverb_connections_rejected_total", "reason", "4001") - unknownBefore);
        assertEquals(1, after.value("reverb_connections_rejected_total", "reason", "4004"));
    }

    @Test
    void brokerHookCountsTrafficAndOutages() {
        try (TestServer clustered = TestServer.start(TestApps.yaml())) {
            assertTrue(Scrape.of(clustered).find("reverb_broker_up").isEmpty(), "broker meters before a broker asked");
            BrokerMetrics broker = clustered.node().metrics().broker();
            broker.published();
            broker.received();
            broker.received();
            broker.publishFailed();
            broker.connectivity(true);
            broker.connectivity(true);
            Scrape down = Scrape.of(clustered);
            assertEquals(1, down.value("reverb_broker_published_total"));
            assertEquals(2, down.value("reverb_broker_received_total"));
            assertEquals(1, down.value("reverb_broker_publish_failures_total"));
            assertEquals(1, down.value("reverb_broker_outages_total"));
            assertEquals(0, down.value("reverb_broker_up"));
            broker.connectivity(false);
            assertEquals(1, Scrape.of(clustered).value("reverb_broker_up"));
        }
    }

    @Test
    void fullListenerQueueDropsAndCounts() {
        NodeMetrics metrics = server.node().metrics();
        double before = Scrape.of(server).value("reverb_server_events_dropped_total");
        CountDownLatch release = new CountDownLatch(1);
        ServerEventListener stuck = event -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        ServerEvents events = ServerEvents.of(List.of(stuck), 2, metrics);
        for (int i = 0; i < 10; i++) {
            events.publish(new ServerEvent.ChannelCreated("a", "c" + i));
        }
        // One taken by the stuck dispatcher (at most), two queued: at least seven dropped, none blocked.
        double dropped = Scrape.of(server).value("reverb_server_events_dropped_total") - before;
        assertTrue(dropped >= 7 && dropped <= 8, "dropped " + dropped);
        release.countDown();
        events.close(1_000);
    }
}
