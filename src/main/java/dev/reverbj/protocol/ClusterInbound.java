package dev.reverbj.protocol;

import java.util.Collection;

/**
 * What a broker hands to this node: envelopes received from other nodes, already in their origin's order and
 * without duplicates. The {@link Hub} implements it; the broker gets it at start. Called on the broker's one
 * cluster thread; nothing here blocks (delivery only queues frames).
 */
public interface ClusterInbound {
    /** An event published on another node, for this node's subscribers of the channel (cache channels keep it). */
    void deliver(String appId, ChannelName channel, String frame, SocketId except);

    /** Another node closes the user's connections everywhere. */
    void terminate(String appId, String userId);

    /** A user became present in the cluster through another node: tell this node's members (unless it is one here). */
    void memberAdded(String appId, ChannelName channel, String userId, String userInfo);

    /** A user is present nowhere in the cluster any more: tell this node's members (unless it is one here). */
    void memberRemoved(String appId, ChannelName channel, String userId);

    /** This node's apps, for the state the broker announces to the others. */
    Collection<App> apps();
}
