package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.Scrape;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Redis is killed (SIGKILL) and restarted on the same port while node A publishes 100 events/s through its HTTP
 * API to a channel with a subscriber on node B: every event answered 200 reaches B exactly once and in order
 * (503s are allowed and not counted), and presence watchers on B see no member leave or come back for members who
 * stayed connected.
 */
class RedisOutageDeliveryTest {
    private static RedisProcess redis;
    private static List<TestServer> nodes = List.of();
    private static final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisProcess.start();
        nodes = Cluster.start(redis, "reverb-outage-delivery", 2);
    }

    @AfterAll
    static void stopCluster() {
        Cluster.closeAll(clients);
        Cluster.closeAll(nodes);
        Cluster.closeAll(List.of(redis));
    }

    @Test
    void everyEventAcknowledgedThroughAThreeSecondOutageArrivesOnceAndInOrder() throws Exception {
        outage(Duration.ofSeconds(3), "stream-3s", "presence-stay-3s");
    }

    @Test
    void everyEventAcknowledgedThroughATenSecondOutageArrivesOnceAndInOrder() throws Exception {
        outage(Duration.ofSeconds(10), "stream-10s", "presence-stay-10s");
    }

    private void outage(Duration length, String channel, String presence) throws Exception {
        TestServer a = nodes.get(0);
        TestServer b = nodes.get(1);
        WsClient onB = connect(b);
        onB.join(channel);
        WsClient stayer = connect(a);
        stayer.joinPresence(presence, "{\"user_id\":\"1\"}", TestApps.MAIN);
        Cluster.await("B sees the member on A", Duration.ofSeconds(5), () -> Cluster.broker(b).presence(TestApps.MAIN.id())
                .remoteMembers(ChannelName.of(presence)).containsKey("1"));
        WsClient watcher = connect(b);
        assertEquals(2, WsClient.dataObject(watcher.joinPresence(presence, "{\"user_id\":\"2\"}", TestApps.MAIN))
                .getJsonObject("presence").getInt("count"));
        assertEquals("2", WsClient.dataObject(stayer.next("pusher_internal:member_added")).getString("user_id"));

        List<Integer> acknowledged;
        List<Integer> received = new ArrayList<>();
        int outageFrom;
        int outageTo;
        long caughtUp;
        try (PacedPublisher publisher = new PacedPublisher("127.0.0.1:" + a.port(), channel, 100)) {
            Cluster.await("a second of events before the outage", Duration.ofSeconds(10),
                    () -> publisher.acknowledged().size() >= 100);
            redis.kill();
            outageFrom = publisher.sent();
            Thread.sleep(length.toMillis()); // the outage itself: Redis must really be away this long
            outageTo = publisher.sent();
            // What an operator sees meanwhile: A's backlog for the other nodes.
            assertTrue(Scrape.of(a).value("reverb_broker_outbox") > 0, "reverb_broker_outbox during the outage");
            redis.restart();
            long restarted = System.nanoTime();
            int before = publisher.acknowledged().size();
            Cluster.receiveNumbers(onB, received, publisher.acknowledged(), Duration.ofSeconds(60));
            caughtUp = (System.nanoTime() - restarted) / 1_000_000;
            Cluster.await("five seconds of events after Redis is back", Duration.ofSeconds(60),
                    () -> publisher.acknowledged().size() >= before + 500);
            acknowledged = publisher.acknowledged();
            Cluster.await("the outbox empties once Redis is back", Duration.ofSeconds(10),
                    () -> Scrape.of(a).value("reverb_broker_outbox") < 100);
            assertTrue(publisher.other().isEmpty(), "answered neither 200 nor 503: " + publisher.other());
        }
        assertTrue(acknowledged.stream().anyMatch(n -> n >= outageFrom && n < outageTo),
                "some events were accepted while Redis was away (outbox)");

        Cluster.receiveNumbers(onB, received, acknowledged, Duration.ofSeconds(60));
        System.out.printf("%s outage: %d accepted during it, %d answered 200 in all, %d received on B; B had every event"
                        + " acknowledged so far %d ms after Redis was back%n", length,
                acknowledged.stream().filter(n -> n >= outageFrom && n < outageTo).count(), acknowledged.size(),
                received.size(), caughtUp);
        Cluster.assertEachOnceInOrder(acknowledged, received);

        // The view of A on B would flap (node timeout) within a few heartbeats of the reconnect: let B judge enough
        // of them, then fence both presence sockets with a ping.
        Cluster.awaitHeartbeats(List.of(b), 8);
        for (WsClient member : List.of(watcher, stayer)) {
            for (JsonObject frame : Cluster.framesUntilPong(member)) {
                assertFalse(frame.getString("event").startsWith("pusher_internal:member_"), "roster flapped: " + frame);
            }
        }
        assertEquals(1, Cluster.broker(b).knownNodes());
    }

    private static WsClient connect(TestServer node) {
        WsClient client = WsClient.connect(node, TestApps.MAIN.key());
        clients.add(client);
        return client;
    }
}
