package dev.reverbj.observe;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.reverbj.cluster.BrokerMetrics;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.SocketId;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeMetricsTest {
    @Test
    void countersLoseNothingUnderConcurrency() throws Exception {
        NodeMetrics metrics = new NodeMetrics();
        AppObserver observer = new AppObserver("app-1", metrics, ServerEvents.of(List.of(), 10, metrics));
        SocketId socket = new SocketId("1.1");
        int threads = 8;
        int each = 50_000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    observer.sent(socket, dev.reverbj.protocol.Frame.of("{\"event\":\"é\"}"));
                    metrics.httpCall("POST events", 200);
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        String text = metrics.render();
        long total = (long) threads * each;
        assertTrue(text.contains("reverb_messages_sent_total{app=\"app-1\"} " + total + "\n"), text);
        assertTrue(text.contains("reverb_bytes_sent_total{app=\"app-1\"} " + total * 14 + "\n"), text);
        assertTrue(text.contains("reverb_http_api_requests_total{route=\"POST events\",status=\"200\"} " + total + "\n"), text);
        // No app bound: the connection gauge reads 0, never a negative number.
        assertTrue(text.contains("reverb_connections{app=\"app-1\"} 0\n"), text);
    }

    @Test
    void refusalsAndBrokerHookAreRendered() {
        NodeMetrics metrics = new NodeMetrics();
        metrics.unknownApps().refused(PusherError.APP_NOT_FOUND);
        new AppObserver("a", metrics, ServerEvents.of(List.of(), 10, metrics)).refused(PusherError.OVER_QUOTA);
        BrokerMetrics broker = metrics.broker();
        broker.published();
        broker.received();
        broker.received();
        broker.publishFailed();
        broker.connectivity(true);
        broker.connectivity(true);
        String text = metrics.render();
        assertTrue(text.contains("reverb_connections_rejected_total{reason=\"4001\"} 1\n"), text);
        assertTrue(text.contains("reverb_connections_rejected_total{reason=\"4004\"} 1\n"), text);
        assertTrue(text.contains("reverb_broker_published_total 1\n"), text);
        assertTrue(text.contains("reverb_broker_received_total 2\n"), text);
        assertTrue(text.contains("reverb_broker_publish_failures_total 1\n"), text);
        assertTrue(text.contains("reverb_broker_outages_total 1\n"), text);
        assertTrue(text.contains("reverb_broker_up 0\n"), text);
        broker.connectivity(false);
        assertTrue(metrics.render().contains("reverb_broker_up 1\n"));
    }

    @Test
    void fullListenerQueueDropsAndCounts() throws Exception {
        NodeMetrics metrics = new NodeMetrics();
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
        String text = metrics.render();
        long dropped = Long.parseLong(text.lines().filter(l -> l.startsWith("reverb_server_events_dropped_total "))
                .findFirst().orElseThrow().split(" ")[1]);
        assertTrue(dropped >= 7 && dropped <= 8, text);
        release.countDown();
        events.close(1_000);
    }
}
