package dev.reverbj.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

import dev.reverbj.protocol.Clock;
import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import com.pusher.rest.Pusher;

import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.fail;

/** Test nodes sharing one Redis, and the waits cluster tests need (all bounded). */
final class Cluster {
    private Cluster() {
    }

    /** YAML of the test app with scaling on; Redis comes from {@code REDIS_URL}. */
    static String yaml(String channel, String... extraAppLines) {
        return TestApps.yaml(extraAppLines) + "  scaling:\n    enabled: true\n    channel: " + channel + "\n";
    }

    /** Starts {@code count} nodes on {@code redis} and waits until each counts all the others. */
    static List<TestServer> start(RedisProcess redis, String channel, int count, String... extraAppLines) {
        List<Clock> clocks = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clocks.add(Clock.SYSTEM);
        }
        return start(redis, channel, clocks, extraAppLines);
    }

    /** Starts one node per clock on {@code redis} and waits until each counts all the others. */
    static List<TestServer> start(RedisProcess redis, String channel, List<? extends Clock> clocks, String... extraAppLines) {
        List<TestServer> nodes = new ArrayList<>();
        for (Clock clock : clocks) {
            nodes.add(TestServer.start(yaml(channel, extraAppLines), Map.of("REDIS_URL", redis.url()), clock));
        }
        awaitMesh(nodes, Duration.ofSeconds(15));
        return nodes;
    }

    static void awaitMesh(List<TestServer> nodes, Duration wait) {
        await("every node sees the other " + (nodes.size() - 1), wait,
                () -> nodes.stream().allMatch(n -> broker(n).knownNodes() == nodes.size() - 1));
    }

    static RedisBroker broker(TestServer node) {
        return (RedisBroker) node.node().broker();
    }

    static Pusher api(TestServer node) {
        return dev.reverbj.support.JavaClients.api(node);
    }

    static void await(String what, Duration wait, BooleanSupplier condition) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + wait + ": " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Every frame that arrives within {@code wait}, as events named {@code event}. */
    static List<JsonObject> collect(WsClient client, String event, Duration wait) {
        List<JsonObject> found = new ArrayList<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return found;
            }
            String raw;
            try {
                raw = client.nextRaw(Duration.ofNanos(left));
            } catch (AssertionError timeout) {
                return found;
            }
            JsonObject frame = WsClient.parse(raw);
            if (event.equals(frame.getString("event", null))) {
                found.add(frame);
            }
        }
    }

    /**
     * Adds the {@code n} of every event {@code e} that arrives to {@code received}, until all expected are there
     * (then up to a ping fence).
     */
    static void receiveNumbers(WsClient client, List<Integer> received, List<Integer> expected, Duration wait) {
        Set<Integer> outstanding = new HashSet<>(expected);
        received.forEach(outstanding::remove);
        long deadline = System.nanoTime() + wait.toNanos();
        while (!outstanding.isEmpty() && System.nanoTime() < deadline) {
            String raw;
            try {
                raw = client.nextRaw(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (AssertionError timeout) {
                break;
            }
            JsonObject frame = WsClient.parse(raw);
            if ("e".equals(frame.getString("event", null))) {
                int n = WsClient.dataObject(frame).getInt("n");
                received.add(n);
                outstanding.remove(n);
            }
        }
        for (JsonObject frame : Cluster.framesUntilPong(client)) {
            if ("e".equals(frame.getString("event", null))) {
                received.add(WsClient.dataObject(frame).getInt("n"));
            }
        }
    }

    /** Every acknowledged event was received, and nothing was received twice or out of order. */
    static void assertEachOnceInOrder(List<Integer> acknowledged, List<Integer> received) {
        for (int i = 1; i < received.size(); i++) {
            if (received.get(i) <= received.get(i - 1)) {
                fail("out of order or twice: " + received.get(i - 1) + " then " + received.get(i));
            }
        }
        Set<Integer> missing = new HashSet<>(acknowledged);
        received.forEach(missing::remove);
        if (!missing.isEmpty()) {
            fail(missing.size() + " of " + acknowledged.size() + " acknowledged events never arrived: "
                    + missing.stream().sorted().limit(20).toList());
        }
    }

    /** Sends pusher:ping and returns every frame that arrives before the pong (a fence, not a wait on silence). */
    static List<JsonObject> framesUntilPong(WsClient client) {
        client.ping();
        List<JsonObject> frames = new ArrayList<>();
        while (true) {
            JsonObject frame = WsClient.parse(client.nextRaw(Duration.ofSeconds(5)));
            if ("pusher:pong".equals(frame.getString("event", null))) {
                return frames;
            }
            frames.add(frame);
        }
    }

    /** Waits until every node's broker has judged {@code count} more heartbeats. */
    static void awaitHeartbeats(List<TestServer> nodes, int count) {
        List<Long> before = nodes.stream().map(n -> broker(n).heartbeats()).toList();
        await(count + " more heartbeats on every node", Duration.ofSeconds(count * 3L + 5), () -> {
            for (int i = 0; i < nodes.size(); i++) {
                if (broker(nodes.get(i)).heartbeats() < before.get(i) + count) {
                    return false;
                }
            }
            return true;
        });
    }

    static void closeAll(List<? extends AutoCloseable> things) {
        for (AutoCloseable c : things) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort in @AfterAll
            }
        }
    }
}
