package dev.reverbj.protocol;

import java.util.Map;

/**
 * Presence members on other nodes, for one app. {@link ChannelManager} asks it so that rosters,
 * member_added and member_removed are cluster-wide (a user on two nodes is one member), and tells it when
 * this node gains or loses a member. {@link #LOCAL} (one node) knows of no other node. Implementations
 * (the Redis broker) must answer from memory and never block: these are called on connection threads.
 */
public interface ClusterPresence {
    ClusterPresence LOCAL = new ClusterPresence() {
    };

    /** Members of {@code channel} on other nodes: user id to user_info JSON text. */
    default Map<String, String> remoteMembers(ChannelName channel) {
        return Map.of();
    }

    /** Whether {@code userId} is a member of {@code channel} on another node. */
    default boolean isRemoteMember(ChannelName channel, String userId) {
        return remoteMembers(channel).containsKey(userId);
    }

    /** A user became a member of {@code channel} on this node (its first connection here). */
    default void memberJoined(ChannelName channel, PresenceMember member) {
    }

    /** A user's last connection on this node left {@code channel}. */
    default void memberLeft(ChannelName channel, String userId) {
    }
}
