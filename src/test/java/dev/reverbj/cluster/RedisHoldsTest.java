package dev.reverbj.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import dev.reverbj.config.RedisEndpoint;
import dev.reverbj.config.ScalingConfig;
import dev.reverbj.support.RedisProcess;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@link Holds} contract over a real redis-server, two holders in one JVM. */
class RedisHoldsTest {
    private static RedisProcess redis;
    private static ScalingConfig scaling;

    @BeforeAll
    static void start() {
        redis = RedisProcess.start();
        scaling = new ScalingConfig(true, "holds-test", RedisEndpoint.parse(redis.url()), Duration.ofMillis(500),
                Duration.ofSeconds(1));
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void onlyTheFirstAcquireAndTheLastReleaseChangeTheCluster() {
        try (Holds one = Holds.create(scaling, "one"); Holds two = Holds.create(scaling, "two")) {
            assertTrue(one.acquire("k"));
            assertFalse(one.acquire("k"));
            assertFalse(two.acquire("k"));
            assertEquals(Set.of("k"), two.held(List.of("k", "other")));
            assertFalse(one.release("k"));
            assertFalse(one.release("k"));
            assertTrue(two.release("k"));
            assertEquals(Set.of(), one.held(List.of("k")));
        }
    }

    @Test
    void theSurvivorFreesTheKeysOfAHolderThatStoppedBeating() throws InterruptedException {
        try (Holds survivor = Holds.create(scaling, "survivor"); Holds dying = Holds.create(scaling, "dying")) {
            dying.sweep();
            survivor.sweep();
            assertTrue(dying.acquire("alone"));
            assertTrue(survivor.acquire("shared"));
            assertFalse(dying.acquire("shared"));

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            List<String> freed = List.of();
            while (freed.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(200);
                freed = survivor.sweep().freed(); // only the survivor beats now
            }
            assertEquals(List.of("alone"), freed);
            assertEquals(Set.of("shared"), survivor.held(List.of("alone", "shared")));

            // The "dead" holder comes back: it holds its keys again and says which became held again.
            assertEquals(List.of("alone"), dying.sweep().regained());
        }
    }
}
