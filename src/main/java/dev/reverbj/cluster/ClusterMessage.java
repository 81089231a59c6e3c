package dev.reverbj.cluster;

import java.util.Map;

/**
 * What nodes tell each other over Redis, one record per envelope {@code type} (docs/scaling.md). Encoded
 * and decoded only by {@link Envelope}. Every message also carries the sending node's id and, for the ones
 * that go through the {@link Outbox}, its sequence number, outside these records.
 */
sealed interface ClusterMessage {

    /** An event for the subscribers of {@code channel}; {@code except} is a socket id or null. */
    record Event(String app, String channel, String except, String frame) implements ClusterMessage {
    }

    /** A user became a member of a presence channel on the sending node. {@code userInfo} is JSON text. */
    record Join(String app, String channel, String userId, String userInfo) implements ClusterMessage {
    }

    /** A user's last connection on the sending node left a presence channel. */
    record Leave(String app, String channel, String userId) implements ClusterMessage {
    }

    /** Close every connection of the user, on every node. */
    record Terminate(String app, String userId) implements ClusterMessage {
    }

    /** The sending node's complete state (the heartbeat), by app id. */
    record State(Map<String, AppState> apps) implements ClusterMessage {
    }

    /** A node (re)joined the channel: everyone answers with its {@link State} at once. */
    record Hello() implements ClusterMessage {
    }

    /** The sending node missed envelopes of node {@code to}: {@code to} publishes again those from {@code from} on. */
    record Resend(String to, long from) implements ClusterMessage {
    }

    /** The sending node shuts down: forget it now rather than after the node timeout. */
    record Bye() implements ClusterMessage {
    }

    /** Every node should restart gracefully ({@code reverb restart} with scaling on). */
    record Restart() implements ClusterMessage {
    }

    /** One app on one node: open connections and occupied channels by name. */
    record AppState(int connections, Map<String, ChannelState> channels) {
        static final AppState EMPTY = new AppState(0, Map.of());

        public AppState {
            channels = Map.copyOf(channels);
        }
    }

    /** One channel on one node. {@code members} (presence only) maps user id to user_info JSON text, in join order. */
    record ChannelState(int subscriptions, Map<String, String> members) {
        public ChannelState {
            members = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(members));
        }
    }
}
