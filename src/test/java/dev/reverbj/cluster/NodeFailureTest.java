package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.reverbj.config.ScalingConfig;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node that dies stops counting within the documented bound; one that shuts down, at once. */
class NodeFailureTest {
    /** docs/scaling.md: node timeout + one heartbeat, plus slack for a busy test machine. */
    private static final Duration BOUND = ScalingConfig.DEFAULT_NODE_TIMEOUT.plus(ScalingConfig.DEFAULT_HEARTBEAT)
            .plusSeconds(2);
    private static RedisProcess redis;
    private static List<TestServer> nodes = List.of();
    private static final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void startCluster() {
        redis = RedisProcess.start();
        nodes = new ArrayList<>(Cluster.start(redis, "reverb-failure", 3));
    }

    @AfterAll
    static void stopCluster() {
        Cluster.closeAll(clients);
        Cluster.closeAll(nodes);
        Cluster.closeAll(List.of(redis));
    }

    private static WsClient member(TestServer node, String channel, String userId) {
        WsClient client = WsClient.connect(node, TestApps.MAIN.key());
        clients.add(client);
        client.subscribePresence(channel, "{\"user_id\":\"" + userId + "\"}", TestApps.MAIN);
        client.joined(channel);
        return client;
    }

    @Test
    void membersOfACrashedNodeAreRemovedWithinTheNodeTimeout() {
        TestServer survivor = nodes.get(0);
        TestServer crashing = nodes.get(1);
        WsClient alice = member(survivor, "presence-crash-1", "1");
        member(crashing, "presence-crash-1", "2");
        assertEquals("2", WsClient.dataObject(alice.next("pusher_internal:member_added")).getString("user_id"));

        long start = System.nanoTime();
        Cluster.broker(crashing).haltWithoutGoodbye();

        var removed = alice.next("pusher_internal:member_removed", BOUND);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals("2", WsClient.dataObject(removed).getString("user_id"));
        assertTrue(took.compareTo(ScalingConfig.DEFAULT_NODE_TIMEOUT.minusSeconds(1)) > 0,
                "dropped only after the node timeout, took " + took);
        Cluster.await("the crashed node no longer counts", Duration.ofSeconds(2),
                () -> Cluster.broker(survivor).knownNodes() == 1);
    }

    @Test
    void membersOfANodeThatShutsDownAreRemovedAtOnce() {
        TestServer survivor = nodes.get(0);
        TestServer leaving = nodes.get(2);
        WsClient alice = member(survivor, "presence-bye-1", "1");
        member(leaving, "presence-bye-1", "3");
        assertEquals("3", WsClient.dataObject(alice.next("pusher_internal:member_added")).getString("user_id"));

        leaving.close();

        assertEquals("3", WsClient.dataObject(alice.next("pusher_internal:member_removed", Duration.ofSeconds(2)))
                .getString("user_id"));
    }
}
