package dev.reverbj.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Channel;
import dev.reverbj.protocol.ChannelName;

/** Snapshots of this node's channels, the part every broker contributes to a cluster-wide answer. */
public final class LocalState {
    private LocalState() {
    }

    public static List<ChannelSnapshot> channels(App app) {
        return app.channels().channels().stream()
                .map(LocalState::snapshot)
                .filter(s -> s.subscriptionCount() > 0)
                .toList();
    }

    public static Optional<ChannelSnapshot> channel(App app, ChannelName name) {
        return app.channels().find(name).map(LocalState::snapshot).filter(s -> s.subscriptionCount() > 0);
    }

    private static ChannelSnapshot snapshot(Channel channel) {
        Set<String> users = Set.copyOf(channel.userIds());
        return new ChannelSnapshot(channel.name().value(), channel.subscriptionCount(), users);
    }
}
