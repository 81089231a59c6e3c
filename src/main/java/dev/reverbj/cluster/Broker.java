package dev.reverbj.cluster;

import dev.reverbj.protocol.ClusterCounts;
import dev.reverbj.protocol.ClusterInbound;
import dev.reverbj.protocol.ClusterLink;
import dev.reverbj.protocol.ClusterPresence;

/**
 * Moves envelopes between this node and the others, and knows what the others hold. It is the protocol's
 * {@link ClusterLink} (outbound; its delivery, ordering and outage contract is written there),
 * {@link ClusterCounts} and, per app, {@link ClusterPresence}; what it receives it hands to the
 * {@link ClusterInbound} registered at {@link #start}, in each origin's order and without duplicates. It never
 * delivers to sockets itself and builds no protocol frame.
 */
public interface Broker extends ClusterLink, ClusterCounts, AutoCloseable {

    /** Presence members on other nodes for one app; asked when the app is built, before {@link #start}. */
    default ClusterPresence presence(String appId) {
        return ClusterPresence.LOCAL;
    }

    /** Starts serving: from now on what arrives from other nodes goes to {@code inbound}. Called once. */
    default void start(ClusterInbound inbound) {
    }

    /**
     * Asks every node of the cluster to shut down gracefully (4200 to each client, then exit 0 so the
     * supervisor starts it again). Called by {@code reverb restart}.
     *
     * @return false when this broker has no cluster to reach; {@code restart} then signals the servers of
     *         this host itself (docs/operations.md)
     */
    default boolean restartAll() {
        return false;
    }

    /**
     * What to run when a cluster-wide restart request arrives from another node or from {@code restart};
     * the node registers its graceful shutdown here at start. A single-node broker never calls it.
     */
    default void onRestart(Runnable restart) {
    }

    @Override
    default void close() {
    }
}
