package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node B is the real jar in its own process, publishing 100 events/s through its HTTP API to a subscriber on node
 * A; B is killed with SIGKILL and started again on the same port: every event either B answered 200 (before the kill
 * or after the restart) reaches A exactly once and in order. The restarted node answers 503 until it is linked
 * (ClusterAdmissionTest shows the answer itself), so nothing it acknowledges is lost either.
 */
class NodeRestartIT {

    @Test
    void aNodeKilledAndRestartedUnderLoadLosesNothingItAcknowledged() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer a = TestServer.start(Cluster.yaml("reverb-restart"), Map.of("REDIS_URL", redis.url()));
             WsClient onA = WsClient.connect(a, TestApps.MAIN.key())) {
            onA.join("restart-stream");
            int port = JarProcess.freePort();
            JarProcess first = node(redis, port);
            JarProcess second = null;
            List<Integer> acknowledged;
            int killedAt;
            try (PacedPublisher publisher = new PacedPublisher("127.0.0.1:" + port, "restart-stream", 100)) {
                Cluster.await("a second of events through the first B", Duration.ofSeconds(30),
                        () -> publisher.acknowledged().size() >= 100);
                first.process().destroyForcibly(); // SIGKILL: no goodbye, nothing flushed
                first.process().waitFor();
                killedAt = publisher.sent();
                second = node(redis, port);
                int before = publisher.acknowledged().size();
                Cluster.await("two seconds of events through the restarted B", Duration.ofSeconds(60),
                        () -> publisher.acknowledged().size() >= before + 200);
                acknowledged = publisher.acknowledged();
            } finally {
                first.close();
                if (second != null) {
                    second.close();
                }
            }
            assertTrue(acknowledged.stream().anyMatch(n -> n > killedAt), "the restarted node acknowledged events");

            List<Integer> received = new ArrayList<>();
            Cluster.receiveNumbers(onA, received, acknowledged, Duration.ofSeconds(30));
            Cluster.assertEachOnceInOrder(acknowledged, received);
            System.out.printf("kill -9 and restart: %d answered 200, %d received on A%n", acknowledged.size(), received.size());
        }
    }

    private static JarProcess node(RedisProcess redis, int port) {
        return JarProcess.start(Map.of("REVERB_SCALING_ENABLED", "true", "REVERB_SCALING_CHANNEL", "reverb-restart",
                        "REDIS_URL", redis.url(), "REVERB_APP_ID", TestApps.MAIN.id(), "REVERB_APP_KEY", TestApps.MAIN.key(),
                        "REVERB_APP_SECRET", TestApps.MAIN.secret()),
                "start", "--host", "127.0.0.1", "--port", String.valueOf(port));
    }
}
