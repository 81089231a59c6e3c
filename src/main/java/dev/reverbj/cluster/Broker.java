package dev.reverbj.cluster;

import java.util.List;
import java.util.Optional;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ClusterPresence;
import dev.reverbj.protocol.SocketId;

/**
 * Carries events to every node that has subscribers, and answers questions about the whole cluster.
 * The WebSocket side (client events) and the HTTP API go only through here, so turning on scaling changes
 * no caller. Implementations must not block the caller on a slow socket; queries may wait a bounded time
 * for other nodes.
 */
public interface Broker extends AutoCloseable {
    /**
     * Delivers an encoded frame to every subscriber of {@code channel}, on every node, except the socket
     * {@code except} (null for none). Cache channels keep it as their last event.
     */
    void publish(App app, ChannelName channel, String frame, SocketId except);

    /** Every occupied channel of the app. */
    List<ChannelSnapshot> channels(App app);

    /** One channel, if it is occupied anywhere. */
    Optional<ChannelSnapshot> channel(App app, ChannelName channel);

    /** Open connections of the app. */
    int connections(App app);

    /** Closes every connection of the user (presence user_id or signed-in user) with 4009. */
    void terminate(App app, String userId);

    /**
     * Presence members on other nodes for one app, handed to the app's channel manager when the app is
     * built (before {@link #start}). One node: {@link ClusterPresence#LOCAL}.
     */
    default ClusterPresence presence(AppConfig app) {
        return ClusterPresence.LOCAL;
    }

    /** Starts serving once the apps exist (the broker delivers to them); called once by the node. */
    default void start(Apps apps) {
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
