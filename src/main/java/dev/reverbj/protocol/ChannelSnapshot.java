package dev.reverbj.protocol;

import java.util.Set;

/**
 * What is known of one occupied channel, on one node or merged over the cluster: subscription counts add
 * up, user ids are a union (a user on two nodes or in two tabs counts once).
 *
 * @param userIds the presence members' ids; empty for other channels
 */
public record ChannelSnapshot(String name, int subscriptionCount, Set<String> userIds) {
    public ChannelSnapshot {
        userIds = Set.copyOf(userIds);
    }

    public int userCount() {
        return userIds.size();
    }

    /** This snapshot and another of the same channel from another node, combined. */
    public ChannelSnapshot merge(ChannelSnapshot other) {
        Set<String> users = new java.util.TreeSet<>(userIds);
        users.addAll(other.userIds);
        return new ChannelSnapshot(name, subscriptionCount + other.subscriptionCount, users);
    }
}
