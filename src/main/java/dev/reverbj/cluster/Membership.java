package dev.reverbj.cluster;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reverbj.config.ScalingConfig;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Channel;

/**
 * Which other nodes count, judged by what this node hears. A node not heard from for the node timeout is
 * dropped (its members leave) — but only while this node hears itself: its own envelopes come back through
 * Redis. A node cut off from Redis, or not yet subscribed again after Redis came back, hears nobody and so
 * judges nobody; when it hears itself again every node gets a fresh timeout. So an outage never makes rosters
 * flap, and a node that really died is still dropped within node timeout + one heartbeat. Cluster thread only.
 */
final class Membership {
    private static final System.Logger LOG = System.getLogger(Membership.class.getName());

    private final ClusterView view;
    private final long nodeTimeout;
    private final long deafAfter;
    private long heardSelf;
    private boolean deaf = true;
    private volatile long beats;

    Membership(ScalingConfig config, ClusterView view, long now) {
        this.view = view;
        this.nodeTimeout = config.nodeTimeout().toMillis();
        // Two heartbeats without hearing our own: we are cut off (or not subscribed yet).
        this.deafAfter = 2 * config.heartbeatInterval().toMillis() + 500;
        this.heardSelf = now - deafAfter - 1;
    }

    /** One of this node's own envelopes came back: it is subscribed and Redis works both ways. */
    void heardSelf(long now) {
        heardSelf = now;
    }

    /**
     * Called every heartbeat, after this node's state was offered.
     *
     * @return the nodes to drop now (not heard from for the node timeout while this node heard itself)
     */
    List<String> silentNodes(long now) {
        beats++;
        if (now - heardSelf > deafAfter) {
            deaf = true;
            return List.of();
        }
        if (deaf) {
            deaf = false;
            view.touchAll(now);
            return List.of();
        }
        List<String> silent = view.silentSince(now - nodeTimeout);
        for (String node : silent) {
            LOG.log(System.Logger.Level.INFO, "cluster node {0} not heard from for {1} ms; dropping it", node, nodeTimeout);
        }
        return silent;
    }

    /** Whether this node heard itself lately, as judged by the last {@link #silentNodes}. */
    boolean hearing() {
        return !deaf;
    }

    /** Heartbeats judged so far; tests wait on it as a fence. */
    long beats() {
        return beats;
    }

    /** This node's complete state, for the heartbeat. */
    static ClusterMessage.State state(Collection<App> apps) {
        Map<String, ClusterMessage.AppState> states = new LinkedHashMap<>();
        for (App app : apps) {
            Map<String, ClusterMessage.ChannelState> channels = new LinkedHashMap<>();
            for (Channel channel : app.channels().channels()) {
                int subscriptions = channel.subscriptionCount();
                if (subscriptions > 0) {
                    Map<String, String> roster = channel.roster();
                    Map<String, String> members = roster == null ? Map.of() : roster;
                    channels.put(channel.name().value(), new ClusterMessage.ChannelState(subscriptions, members));
                }
            }
            states.put(app.config().id(), new ClusterMessage.AppState(app.connectionCount(), channels));
        }
        return new ClusterMessage.State(states);
    }
}
