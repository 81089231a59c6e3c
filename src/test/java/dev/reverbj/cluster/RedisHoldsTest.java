package dev.reverbj.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.IntSupplier;

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

    /**
     * The connection fails after Redis ran the acquire and before its answer arrived; the call is sent again
     * (by Redisson, or by the caller after {@link Holds.Unavailable}). The holder must still learn that its call
     * made the key held, or the cluster's {@code channel_occupied} is never sent.
     */
    @Test
    void anAcquireWhoseAnswerWasLostStillReportsTheKeyBecameHeld() throws Exception {
        try (AnswerDroppingProxy proxy = AnswerDroppingProxy.to(redis.port());
             Holds one = Holds.create(viaProxy(proxy), "lost-acquire")) {
            warmUp(one);
            proxy.loseNextAnswer("lost-acquire-key");
            assertEquals(1, untilAnswered(() -> one.acquire("lost-acquire-key") ? 1 : 0),
                    "the key became held once, and the holder was told so once");
            assertFalse(one.acquire("lost-acquire-key"));
            assertEquals(Set.of("lost-acquire-key"), one.held(List.of("lost-acquire-key")));
        }
    }

    /** The same for a release: the last holder must learn that its call freed the key ({@code channel_vacated}). */
    @Test
    void aReleaseWhoseAnswerWasLostStillReportsTheKeyBecameFree() throws Exception {
        try (AnswerDroppingProxy proxy = AnswerDroppingProxy.to(redis.port());
             Holds one = Holds.create(viaProxy(proxy), "lost-release")) {
            warmUp(one);
            assertTrue(one.acquire("lost-release-key"));
            proxy.loseNextAnswer("lost-release-key");
            int freed;
            try {
                freed = one.release("lost-release-key") ? 1 : 0;
            } catch (Holds.Unavailable e) {
                freed = untilAnswered(() -> one.sweep().freed().size()); // the release is retried by the sweep
            }
            assertEquals(1, freed, "the key became free once, and the holder was told so once");
            assertEquals(Set.of(), one.held(List.of("lost-release-key")));
        }
    }

    /** Every script once, so that the cut hits the call itself rather than a script being loaded. */
    private static void warmUp(Holds holds) {
        holds.sweep();
        assertTrue(holds.acquire("warm-up"));
        assertTrue(holds.release("warm-up"));
    }

    private static ScalingConfig viaProxy(AnswerDroppingProxy proxy) {
        return new ScalingConfig(true, "holds-test", RedisEndpoint.parse(proxy.url()), Duration.ofMillis(500),
                Duration.ofSeconds(1));
    }

    /** Calls until Redis answers (the caller's retry after {@link Holds.Unavailable}), for up to 20 s. */
    private static int untilAnswered(IntSupplier call) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                return call.getAsInt();
            } catch (Holds.Unavailable e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
