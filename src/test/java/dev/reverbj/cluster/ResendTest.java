package dev.reverbj.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The envelope sequence on the wire (docs/scaling.md), against a real node: another "node" publishes straight to the
 * Redis channel and skips a number. The node holds what came after the hole, publishes {@code resend}, and once the
 * missing envelope comes again (marked as a replay) delivers both in order; a duplicate is dropped.
 */
class ResendTest {

    @Test
    void anEnvelopeAfterAHoleWaitsForTheResentOneAndADuplicateIsDropped() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer node = TestServer.start(Cluster.yaml("reverb-resend"), Map.of("REDIS_URL", redis.url()));
             WsClient subscriber = WsClient.connect(node, TestApps.MAIN.key())) {
            subscriber.join("resend-1");
            Config config = new Config();
            config.useSingleServer().setAddress(redis.url());
            RedissonClient other = Redisson.create(config);
            try {
                RTopic topic = other.getTopic("reverb-resend", StringCodec.INSTANCE);
                BlockingQueue<String> heard = new LinkedBlockingQueue<>();
                topic.addListener(String.class, (channel, text) -> heard.add(text));
                Cluster.await("the node is linked", Duration.ofSeconds(20), () -> node.node().broker().linked());

                topic.publish(event(1));
                assertEquals("1", subscriber.next("e").getString("data"));

                topic.publish(event(3));
                assertTrue(Cluster.framesUntilPong(subscriber).isEmpty(), "3 waits for 2");
                JsonObject resend = awaitResend(heard);
                assertEquals("other-node", resend.getString("to"));
                assertEquals(2, resend.getInt("from"));

                topic.publish(Envelope.replay(event(2)));
                assertEquals("2", subscriber.next("e").getString("data"));
                assertEquals("3", subscriber.next("e").getString("data"));

                topic.publish(event(2));
                assertTrue(Cluster.framesUntilPong(subscriber).isEmpty(), "a duplicate is dropped");
                topic.publish(event(4));
                assertEquals("4", subscriber.next("e").getString("data"));
            } finally {
                other.shutdown();
            }
        }
    }

    /**
     * Redis goes away right after the node asked for a hole, for longer than the node's three asks take: the asks
     * go nowhere, but the sender still keeps the envelope, so the node must ask again once it hears Redis and
     * deliver it, rather than give the hole up while it could not ask.
     */
    @Test
    void aHoleOutlivesARedisOutageThatSwallowsItsResendRequests() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer node = TestServer.start(Cluster.yaml("reverb-resend"), Map.of("REDIS_URL", redis.url()));
             WsClient subscriber = WsClient.connect(node, TestApps.MAIN.key())) {
            subscriber.join("resend-1");
            Config config = new Config();
            config.useSingleServer().setAddress(redis.url()).setReconnectionDelay(attempt -> Duration.ofMillis(200));
            RedissonClient other = Redisson.create(config);
            try {
                RTopic topic = other.getTopic("reverb-resend", StringCodec.INSTANCE);
                BlockingQueue<String> heard = new LinkedBlockingQueue<>();
                topic.addListener(String.class, (channel, text) -> heard.add(text));
                Cluster.await("the node is linked", Duration.ofSeconds(20), () -> node.node().broker().linked());
                topic.publish(event(1));
                assertEquals("1", subscriber.next("e").getString("data"));
                topic.publish(event(3));
                awaitResend(heard);

                redis.kill();
                Thread.sleep(9_000); // three asks, two seconds apart, and then some
                redis.restart();
                heard.clear();
                awaitResend(heard);
                topic.publish(Envelope.replay(event(2)));

                List<String> delivered = new java.util.ArrayList<>();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (delivered.size() < 2 && System.nanoTime() < deadline) {
                    delivered.add(subscriber.next("e").getString("data"));
                }
                assertEquals(List.of("2", "3"), delivered, "nothing the sender still kept was lost, and in order");
            } finally {
                other.shutdown();
            }
        }
    }

    /**
     * A node whose envelopes wait behind a hole nobody fills is still heard from: it is not dropped after the node
     * timeout (its members would leave, and what waits would be thrown away), and once the hole is given up,
     * what waited is applied.
     */
    @Test
    void aNodeWhoseEnvelopesWaitBehindAHoleIsNotDropped() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer node = TestServer.start(Cluster.yaml("reverb-resend"), Map.of("REDIS_URL", redis.url()));
             WsClient subscriber = WsClient.connect(node, TestApps.MAIN.key())) {
            subscriber.join("resend-1");
            Config config = new Config();
            config.useSingleServer().setAddress(redis.url());
            RedissonClient other = Redisson.create(config);
            try {
                RTopic topic = other.getTopic("reverb-resend", StringCodec.INSTANCE);
                RedisBroker broker = Cluster.broker(node);
                Cluster.await("the node is linked", Duration.ofSeconds(20), () -> node.node().broker().linked());
                long seq = 1;
                topic.publish(state(seq));
                Cluster.await("the other node is known", Duration.ofSeconds(5), () -> broker.knownNodes() == 1);
                seq++; // never sent: a hole nobody fills
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(8); // past the 5 s node timeout
                int lowest = 1;
                while (System.nanoTime() < deadline) {
                    topic.publish(state(++seq));
                    lowest = Math.min(lowest, broker.knownNodes());
                    Thread.sleep(200);
                }
                assertEquals(1, lowest, "the other node was never dropped");
                topic.publish(event(++seq));
                assertEquals(Long.toString(seq), subscriber.next("e").getString("data"));
            } finally {
                other.shutdown();
            }
        }
    }

    private static String state(long seq) {
        return Envelope.encode("other-node", seq, new ClusterMessage.State(Map.of()));
    }

    private static String event(long seq) {
        String frame = "{\"event\":\"e\",\"channel\":\"resend-1\",\"data\":\"" + seq + "\"}";
        return Envelope.encode("other-node", seq, new ClusterMessage.Event(TestApps.MAIN.id(), "resend-1", null, frame));
    }

    private static JsonObject awaitResend(BlockingQueue<String> heard) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = heard.poll(100, TimeUnit.MILLISECONDS);
            if (text != null && text.contains("\"type\":\"resend\"")) {
                return WsClient.parse(text);
            }
        }
        return fail("no resend request within 10 s; heard " + List.copyOf(heard));
    }
}
