package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.support.AdvancingClock;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import com.pusher.rest.data.Result;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Redis is killed (SIGKILL) under connected clients and restarted on the same port: local delivery goes on
 * meanwhile, nothing crashes, and cross-node delivery and presence resume by themselves.
 */
class RedisOutageTest {
    private static final Duration QUIET = Duration.ofMillis(700);
    private static final Duration RESUME = Duration.ofSeconds(20);
    private static RedisProcess redis;
    private static final List<AdvancingClock> clocks = List.of(new AdvancingClock(), new AdvancingClock());
    private static List<TestServer> nodes = List.of();
    private static final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisProcess.start();
        nodes = Cluster.start(redis, "reverb-outage", clocks, "accept-client-events-from: all");
    }

    @AfterAll
    static void stopCluster() {
        Cluster.closeAll(clients);
        Cluster.closeAll(nodes);
        Cluster.closeAll(List.of(redis));
    }

    private static WsClient subscribed(TestServer node, String channel) {
        WsClient client = WsClient.connect(node, TestApps.MAIN.key());
        clients.add(client);
        client.subscribe(channel);
        client.joined(channel);
        return client;
    }

    @Test
    void localDeliveryContinuesDuringAnOutageAndCrossNodeDeliveryResumesAfterIt() throws Exception {
        TestServer a = nodes.get(0);
        TestServer b = nodes.get(1);
        WsClient onA = subscribed(a, "live-1");
        WsClient sender = subscribed(a, "live-1");
        WsClient onB = subscribed(b, "live-1");
        WsClient presenceOnA = WsClient.connect(a, TestApps.MAIN.key());
        clients.add(presenceOnA);
        presenceOnA.subscribePresence("presence-live-1", "{\"user_id\":\"1\"}", TestApps.MAIN);
        presenceOnA.joined("presence-live-1");

        Cluster.api(a).trigger("live-1", "before", Map.of());
        assertEquals(1, Cluster.collect(onB, "before", QUIET).size());

        redis.kill();

        // The HTTP API still answers at once and local subscribers still get events and client events.
        long start = System.nanoTime();
        Result during = Cluster.api(a).trigger("live-1", "during", Map.of());
        assertEquals(200, during.getHttpStatus(), during.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(2).toNanos(), "publishing never waits for Redis");
        assertEquals(1, Cluster.collect(onA, "during", QUIET).size());
        sender.send("{\"event\":\"client-local\",\"channel\":\"live-1\",\"data\":{}}");
        assertEquals(1, Cluster.collect(onA, "client-local", QUIET).size());
        Cluster.api(b).trigger("live-1", "during-b", Map.of());
        assertEquals(1, Cluster.collect(onB, "during-b", QUIET).size());

        // A member joins on B while the nodes cannot talk: A's members learn of it after the outage.
        WsClient joiner = WsClient.connect(b, TestApps.MAIN.key());
        clients.add(joiner);
        joiner.subscribePresence("presence-live-1", "{\"user_id\":\"2\"}", TestApps.MAIN);
        joiner.joined("presence-live-1");
        // Longer than the node timeout passes (on the nodes' clocks): they must not drop each other while cut off.
        clocks.forEach(c -> c.advance(Duration.ofSeconds(6)));
        Cluster.awaitHeartbeats(nodes, 2);
        assertTrue(Cluster.framesUntilPong(presenceOnA).stream()
                .noneMatch(f -> f.getString("event").equals("pusher_internal:member_removed")));
        assertFalse(onA.isClosed() || onB.isClosed() || sender.isClosed());

        redis.restart();

        long deadline = System.nanoTime() + RESUME.toNanos();
        boolean resumed = false;
        for (int probe = 0; !resumed && System.nanoTime() < deadline; probe++) {
            Cluster.api(a).trigger("live-1", "probe", Map.of("n", probe));
            resumed = !Cluster.collect(onB, "probe", Duration.ofMillis(500)).isEmpty();
        }
        if (!resumed) {
            fail("cross-node delivery did not resume within " + RESUME + " of Redis restarting");
        }
        Cluster.collect(onB, "probe", QUIET); // late probes, if any

        Cluster.api(a).trigger("live-1", "after", Map.of());
        assertEquals(1, Cluster.collect(onB, "after", QUIET).size(), "exactly once on the other node");
        assertEquals(1, Cluster.collect(onA, "after", QUIET).size(), "exactly once on the publishing node");

        JsonObject added = presenceOnA.next("pusher_internal:member_added", Duration.ofSeconds(5));
        assertEquals("2", WsClient.dataObject(added).getString("user_id"));
        assertEquals(1, Cluster.broker(a).knownNodes());
    }
}
