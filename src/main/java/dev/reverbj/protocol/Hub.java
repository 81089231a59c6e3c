package dev.reverbj.protocol;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.reverbj.protocol.wire.ServerFrames;

/**
 * This node's apps and their channels as the cluster sees them, and the one place that delivers to local
 * sockets: events published here (WebSocket client events, the HTTP API) and events that arrive from other
 * nodes through the broker ({@link ClusterInbound}). What other nodes must see goes out through the
 * {@link ClusterLink}; cluster-wide answers add {@link ClusterCounts} to this node's own numbers. Without
 * scaling the link, counts and presence are the single-node ones. Thread-safe; never blocks on a socket.
 */
public final class Hub implements ClusterInbound {
    private final ClusterLink link;
    private final ClusterCounts counts;
    private final Function<String, ClusterPresence> presence;
    private volatile Apps apps = new Apps(List.of());

    private Hub(ClusterLink link, ClusterCounts counts, Function<String, ClusterPresence> presence) {
        this.link = link;
        this.counts = counts;
        this.presence = presence;
    }

    /** One node: no other node to tell or to count. */
    public static Hub local() {
        return new Hub(ClusterLink.NONE, ClusterCounts.NONE, app -> ClusterPresence.LOCAL);
    }

    /** @param presence presence members on other nodes, by app id */
    public static Hub of(ClusterLink link, ClusterCounts counts, Function<String, ClusterPresence> presence) {
        return new Hub(link, counts, presence);
    }

    /** The apps whose channels this hub delivers to; set once by the node before the broker starts. */
    public void serve(Apps apps) {
        this.apps = apps;
    }

    ClusterPresence presence(String appId) {
        return presence.apply(appId);
    }

    @Override
    public Collection<App> apps() {
        return apps.all();
    }

    /** Whether this node can promise cluster-wide delivery now (see {@link ClusterLink}). */
    public ClusterLink.Admission admit(int envelopes) {
        return link.admit(envelopes);
    }

    /** Whether the node has reached the cluster since it started ({@code /ready} says 503 until then). */
    public boolean linked() {
        return link.linked();
    }

    // ---- published on this node -----------------------------------------------------------------------

    /**
     * An event from the HTTP API: when the link accepts it, delivers it to this node's subscribers of
     * {@code channel} at once (except one socket, may be null) and to the other nodes through the link. All or
     * nothing: a refused event is delivered nowhere, so that the publisher can retry it.
     *
     * @return completes when the event is safe for the other nodes too (see {@link ClusterLink#publish}); fails
     *         with {@link ClusterLink.Refused} when the link refused it
     */
    public CompletableFuture<Void> publish(App app, ChannelName channel, String frame, SocketId except) {
        CompletableFuture<Void> safe = link.publish(app.config().id(), channel, frame, except);
        if (!safe.isCompletedExceptionally()) {
            app.channels().deliver(channel, frame, except);
        }
        return safe;
    }

    /**
     * A client event: delivered to this node's subscribers whatever the link says (nobody acknowledged it), and
     * to other nodes when the link accepts it.
     */
    public void relay(App app, ChannelName channel, String frame, SocketId sender) {
        app.channels().deliver(channel, frame, sender);
        link.publish(app.config().id(), channel, frame, sender);
    }

    /** Tells a presence channel's other subscribers on this node that {@code member} joined it. */
    public void memberJoined(App app, ChannelName channel, PresenceMember member, SocketId joiner) {
        app.channels().find(channel).ifPresent(c ->
                c.broadcast(ServerFrames.memberAdded(channel, member.userId(), member.userInfo()), joiner));
    }

    /** Closes every connection of the user (presence user_id or signed-in user) on every node with 4009. */
    public void terminateEverywhere(App app, String userId) {
        app.terminateUser(userId);
        link.terminate(app.config().id(), userId);
    }

    // ---- from other nodes ---------------------------------------------------------------------------------

    @Override
    public void deliver(String appId, ChannelName channel, String frame, SocketId except) {
        App app = apps.byId(appId);
        if (app != null) {
            app.channels().deliver(channel, frame, except);
        }
    }

    @Override
    public void terminate(String appId, String userId) {
        App app = apps.byId(appId);
        if (app != null) {
            app.terminateUser(userId);
        }
    }

    @Override
    public void memberAdded(String appId, ChannelName channel, String userId, String userInfo) {
        presenceChannel(appId, channel, userId)
                .ifPresent(c -> c.broadcast(ServerFrames.memberAdded(channel, userId, userInfo), null));
    }

    @Override
    public void memberRemoved(String appId, ChannelName channel, String userId) {
        presenceChannel(appId, channel, userId)
                .ifPresent(c -> c.broadcast(ServerFrames.memberRemoved(channel, userId), null));
    }

    /** The local presence channel to tell about a remote member, unless the user is a member here too. */
    private Optional<Channel> presenceChannel(String appId, ChannelName channel, String userId) {
        App app = apps.byId(appId);
        if (app == null || !channel.isPresence()) {
            return Optional.empty();
        }
        return app.channels().find(channel).filter(local -> !local.hasMember(userId));
    }

    // ---- cluster-wide answers (this node exact, others as fresh as the counts) -----------------------------

    /** Every occupied channel of the app on any node. */
    public List<ChannelSnapshot> channels(App app) {
        Map<String, ChannelSnapshot> merged = new LinkedHashMap<>();
        for (Channel channel : app.channels().channels()) {
            ChannelSnapshot s = channel.snapshot();
            if (s.subscriptionCount() > 0) {
                merged.put(s.name(), s);
            }
        }
        for (ChannelSnapshot s : counts.remoteChannels(app.config().id())) {
            merged.merge(s.name(), s, ChannelSnapshot::merge);
        }
        return List.copyOf(merged.values());
    }

    /** One channel, if it is occupied on any node. */
    public Optional<ChannelSnapshot> channel(App app, ChannelName name) {
        ChannelSnapshot merged = app.channels().find(name).map(Channel::snapshot)
                .filter(s -> s.subscriptionCount() > 0).orElse(null);
        for (ChannelSnapshot s : counts.remoteChannel(app.config().id(), name)) {
            merged = merged == null ? s : merged.merge(s);
        }
        return Optional.ofNullable(merged);
    }

    /** Open connections of the app on every node. */
    public int connections(App app) {
        return app.connectionCount() + counts.remoteConnections(app.config().id());
    }
}
