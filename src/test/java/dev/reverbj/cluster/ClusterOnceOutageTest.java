package dev.reverbj.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WebhookReceiver;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis going away does not stop a clustered node's clients; once it is back, what changed meanwhile is
 * announced (the node holds its channels again) and new changes are announced as before.
 */
class ClusterOnceOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static RedisProcess redis;
    private static WebhookReceiver receiver;
    private static TestServer node;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        receiver = WebhookReceiver.start().answer("/hooks", () -> 200);
        node = TestServer.start(Cluster.yaml("reverb-once-outage", "webhooks:", "  - url: " + receiver.url("/hooks")),
                Map.of("REDIS_URL", redis.url()));
    }

    @AfterAll
    static void stop() {
        Cluster.closeAll(List.of(node, redis, receiver));
    }

    @Test
    void channelsOccupiedWhileRedisWasAwayAreAnnouncedWhenItIsBack() {
        try (WsClient before = WsClient.connect(node, TestApps.MAIN.key());
             WsClient during = WsClient.connect(node, TestApps.MAIN.key());
             WsClient after = WsClient.connect(node, TestApps.MAIN.key())) {
            before.join("before-outage");
            receiver.eventsUntil("/hooks", WAIT, e -> e.getString("channel").equals("before-outage"));

            redis.kill();
            during.join("during-outage"); // served at once: nothing on the protocol path waits for Redis
            during.ping();
            during.next("pusher:pong");
            redis.restart();

            receiver.eventsUntil("/hooks", WAIT, e -> e.toString().equals("{\"name\":\"channel_occupied\",\"channel\":\"during-outage\"}"));
            after.join("after-outage");
            receiver.eventsUntil("/hooks", WAIT, e -> e.toString().equals("{\"name\":\"channel_occupied\",\"channel\":\"after-outage\"}"));
        }
    }
}
