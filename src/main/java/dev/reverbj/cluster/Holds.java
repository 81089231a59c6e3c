package dev.reverbj.cluster;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.reverbj.config.ScalingConfig;

/**
 * Cluster-wide "held by at least one node" flags, so that something that happens on several nodes is announced
 * once for the cluster: a channel occupied on two nodes is one {@code channel_occupied}, a user online on two
 * nodes is one {@code online}. Each node says which keys it holds; {@link #acquire} and {@link #release} answer
 * whether the cluster as a whole changed, atomically with every other node's calls, so exactly one node sees
 * each transition. A node that dies without releasing is released by the survivors ({@link #sweep}).
 *
 * <p>Calls may block for a Redis round trip (bounded by its command timeout) and throw {@link Unavailable} when
 * Redis is away: call them from one worker thread, never from connection threads. Keys are opaque strings.
 */
public interface Holds extends AutoCloseable {
    /** The cluster could not be asked (Redis away or too slow); the call had no effect there. */
    final class Unavailable extends RuntimeException {
        public Unavailable(Throwable cause) {
            super(cause.toString(), cause);
        }
    }

    /**
     * This node holds {@code key} (a no-op returning false when it already did).
     *
     * @return true when no node held it before: the key became held cluster-wide
     */
    boolean acquire(String key);

    /**
     * This node no longer holds {@code key} (a no-op returning false when it did not).
     *
     * @return true when no node holds it any more: the key became free cluster-wide
     */
    boolean release(String key);

    /** Which of {@code keys} some node of the cluster holds. */
    Set<String> held(Collection<String> keys);

    /**
     * Called about once a second: proves this node alive and releases the keys of nodes not heard from for the
     * node timeout, and retries releases of this node that Redis did not take. {@link Swept#freed} are keys that
     * became free that way (this node announces them);
     * {@link Swept#regained} are keys of this node that had been taken from it (it was thought dead) and that it
     * holds again, which became held again.
     */
    Swept sweep();

    /** What one {@link #sweep} changed. */
    record Swept(List<String> freed, List<String> regained) {
        public static final Swept NOTHING = new Swept(List.of(), List.of());
    }

    @Override
    void close();

    /** A fresh id for this process's holds (unique on the cluster). */
    static String newNodeId() {
        return ProcessHandle.current().pid() + "-" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong());
    }

    /** One node alone, or the cluster over Redis when scaling is on. */
    static Holds create(ScalingConfig scaling, String nodeId) {
        return scaling.enabled() ? RedisHolds.create(scaling, nodeId) : new LocalHolds();
    }
}
