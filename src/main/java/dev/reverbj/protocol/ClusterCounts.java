package dev.reverbj.protocol;

import java.util.List;

/**
 * What other nodes hold, for cluster-wide HTTP API answers: their occupied channels and open connections. The
 * {@link Hub} adds this node's own numbers. One node: {@link #NONE}. Implementations answer from memory (a view
 * refreshed by heartbeats, see docs/scaling.md for the staleness bound) and never block.
 */
public interface ClusterCounts {
    ClusterCounts NONE = new ClusterCounts() {
    };

    /** Other nodes' snapshots of the app's occupied channels, one entry per node and channel. */
    default List<ChannelSnapshot> remoteChannels(String appId) {
        return List.of();
    }

    /** Other nodes' snapshots of one channel, where it is occupied. */
    default List<ChannelSnapshot> remoteChannel(String appId, ChannelName channel) {
        return List.of();
    }

    /** Open connections of the app on other nodes. */
    default int remoteConnections(String appId) {
        return 0;
    }
}
