package dev.reverbj.cluster;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ClusterInbound;
import dev.reverbj.protocol.ClusterPresence;
import dev.reverbj.protocol.PresenceMember;

/**
 * Presence across nodes: this node's members as the others learn them (join and leave envelopes), the others'
 * members as this node's channels see them ({@link ClusterPresence} per app), and the announcements a change on
 * another node causes here — only when it changes the cluster-wide membership, so nobody is told twice about a
 * user on several nodes, and never when the user is also a member on this node (the {@link ClusterInbound}
 * checks that and builds the frames).
 */
final class PresenceMerge {
    private final ClusterView view;
    private final Consumer<ClusterMessage> send;

    /** @param send offers a join or leave envelope to the outbox */
    PresenceMerge(ClusterView view, Consumer<ClusterMessage> send) {
        this.view = view;
        this.send = send;
    }

    ClusterPresence presence(String appId) {
        return new ClusterPresence() {
            @Override
            public Map<String, String> remoteMembers(ChannelName channel) {
                return view.members(appId, channel.value());
            }

            @Override
            public boolean isRemoteMember(ChannelName channel, String userId) {
                return view.hasMember(appId, channel.value(), userId, null);
            }

            @Override
            public void memberJoined(ChannelName channel, PresenceMember member) {
                send.accept(new ClusterMessage.Join(appId, channel.value(), member.userId(), member.userInfo()));
            }

            @Override
            public void memberLeft(ChannelName channel, String userId) {
                send.accept(new ClusterMessage.Leave(appId, channel.value(), userId));
            }
        };
    }

    /** Tells this node's subscribers about members that appeared on or vanished from node {@code from}. */
    void announce(List<ClusterView.Change> changes, String from, ClusterInbound inbound) {
        for (ClusterView.Change change : changes) {
            ChannelName channel = ChannelName.of(change.channel());
            if (change.added()) {
                if (!view.hasMember(change.app(), change.channel(), change.userId(), from)) {
                    inbound.memberAdded(change.app(), channel, change.userId(), change.userInfo());
                }
            } else if (!view.hasMember(change.app(), change.channel(), change.userId(), null)) {
                inbound.memberRemoved(change.app(), channel, change.userId());
            }
        }
    }
}
