package dev.reverbj.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.reverbj.protocol.ChannelSnapshot;

/**
 * What this node knows of every other node: its last {@link ClusterMessage.State} with the presence
 * deltas applied since, and when it was last heard from. Written only by the broker's cluster thread;
 * read from any thread (each node's entry is an immutable value, replaced whole).
 *
 * <p>Messages of one node are applied in the order of their {@code seq}: a heartbeat or delta whose
 * sequence number is not above the last one applied is stale (it may have raced a newer one through
 * Redis) and is ignored.
 */
final class ClusterView {
    /** A presence member appeared on or disappeared from one node's channel. */
    record Change(String app, String channel, String userId, String userInfo, boolean added) {
    }

    private record Remote(long seq, long lastSeen, Map<String, ClusterMessage.AppState> apps) {
        ClusterMessage.AppState app(String id) {
            return apps.getOrDefault(id, ClusterMessage.AppState.EMPTY);
        }
    }

    private final Map<String, Remote> nodes = new ConcurrentHashMap<>();

    /** Replaces a node's state; returns the member changes. */
    List<Change> applyState(String node, long seq, ClusterMessage.State state, long now) {
        Remote before = nodes.get(node);
        if (before != null && seq <= before.seq()) {
            touch(node, now);
            return List.of();
        }
        nodes.put(node, new Remote(seq, now, Map.copyOf(state.apps())));
        return diff(before == null ? Map.of() : before.apps(), state.apps());
    }

    List<Change> applyJoin(String node, long seq, ClusterMessage.Join join, long now) {
        return applyMember(node, seq, join.app(), join.channel(), join.userId(), join.userInfo(), now);
    }

    List<Change> applyLeave(String node, long seq, ClusterMessage.Leave leave, long now) {
        return applyMember(node, seq, leave.app(), leave.channel(), leave.userId(), null, now);
    }

    private List<Change> applyMember(String node, long seq, String appId, String channel, String userId,
                                     String userInfo, long now) {
        Remote before = nodes.getOrDefault(node, new Remote(0, now, Map.of()));
        if (seq <= before.seq()) {
            touch(node, now);
            return List.of();
        }
        ClusterMessage.AppState app = before.app(appId);
        Map<String, ClusterMessage.ChannelState> channels = new HashMap<>(app.channels());
        ClusterMessage.ChannelState c = channels.getOrDefault(channel, new ClusterMessage.ChannelState(0, Map.of()));
        Map<String, String> members = new LinkedHashMap<>(c.members());
        boolean changed = userInfo != null ? members.putIfAbsent(userId, userInfo) == null : members.remove(userId) != null;
        // Exact subscription counts come with heartbeats; until the next one, a join is at least one more
        // subscription and a leave at least one fewer.
        int subscriptions = !changed ? c.subscriptions()
                : userInfo != null ? c.subscriptions() + 1 : Math.max(members.size(), c.subscriptions() - 1);
        if (subscriptions == 0) {
            channels.remove(channel);
        } else {
            channels.put(channel, new ClusterMessage.ChannelState(subscriptions, members));
        }
        Map<String, ClusterMessage.AppState> apps = new HashMap<>(before.apps());
        apps.put(appId, new ClusterMessage.AppState(app.connections(), channels));
        nodes.put(node, new Remote(seq, now, apps));
        return changed ? List.of(new Change(appId, channel, userId, userInfo, userInfo != null)) : List.of();
    }

    /** Any message proves the node alive. */
    void touch(String node, long now) {
        nodes.computeIfPresent(node, (k, r) -> new Remote(r.seq(), now, r.apps()));
    }

    /** @return whether the node was known before */
    boolean touchIfKnown(String node, long now) {
        return nodes.computeIfPresent(node, (k, r) -> new Remote(r.seq(), now, r.apps())) != null;
    }

    /** Gives every known node a full timeout from now (after this node was cut off from Redis). */
    void touchAll(long now) {
        nodes.replaceAll((k, r) -> new Remote(r.seq(), now, r.apps()));
    }

    /** Forgets a node (goodbye or timeout); returns its members as removals. */
    List<Change> remove(String node) {
        Remote gone = nodes.remove(node);
        return gone == null ? List.of() : diff(gone.apps(), Map.of());
    }

    /** The nodes not heard from since {@code deadline}. */
    List<String> silentSince(long deadline) {
        List<String> silent = new ArrayList<>();
        nodes.forEach((node, r) -> {
            if (r.lastSeen() < deadline) {
                silent.add(node);
            }
        });
        return silent;
    }

    int nodeCount() {
        return nodes.size();
    }

    /** Members of a channel on all known nodes: user id to user_info (the first node's wins). */
    Map<String, String> members(String app, String channel) {
        Map<String, String> members = new LinkedHashMap<>();
        for (Remote r : nodes.values()) {
            ClusterMessage.ChannelState c = r.app(app).channels().get(channel);
            if (c != null) {
                c.members().forEach(members::putIfAbsent);
            }
        }
        return members;
    }

    boolean hasMember(String app, String channel, String userId, String exceptNode) {
        for (Map.Entry<String, Remote> e : nodes.entrySet()) {
            if (e.getKey().equals(exceptNode)) {
                continue;
            }
            ClusterMessage.ChannelState c = e.getValue().app(app).channels().get(channel);
            if (c != null && c.members().containsKey(userId)) {
                return true;
            }
        }
        return false;
    }

    /** Every other node's snapshot of the app's occupied channels, one list entry per node and channel. */
    List<ChannelSnapshot> channels(String app) {
        List<ChannelSnapshot> out = new ArrayList<>();
        for (Remote r : nodes.values()) {
            r.app(app).channels().forEach((name, c) -> {
                if (c.subscriptions() > 0) {
                    out.add(new ChannelSnapshot(name, c.subscriptions(), c.members().keySet()));
                }
            });
        }
        return out;
    }

    /** Every other node's snapshot of one channel, where it is occupied. */
    List<ChannelSnapshot> channel(String app, String channel) {
        List<ChannelSnapshot> out = new ArrayList<>();
        for (Remote r : nodes.values()) {
            ClusterMessage.ChannelState c = r.app(app).channels().get(channel);
            if (c != null && c.subscriptions() > 0) {
                out.add(new ChannelSnapshot(channel, c.subscriptions(), c.members().keySet()));
            }
        }
        return out;
    }

    int connections(String app) {
        return nodes.values().stream().mapToInt(r -> r.app(app).connections()).sum();
    }

    private static List<Change> diff(Map<String, ClusterMessage.AppState> before, Map<String, ClusterMessage.AppState> after) {
        List<Change> changes = new ArrayList<>();
        java.util.Set<String> apps = new java.util.HashSet<>(before.keySet());
        apps.addAll(after.keySet());
        for (String app : apps) {
            Map<String, ClusterMessage.ChannelState> b = before.getOrDefault(app, ClusterMessage.AppState.EMPTY).channels();
            Map<String, ClusterMessage.ChannelState> a = after.getOrDefault(app, ClusterMessage.AppState.EMPTY).channels();
            java.util.Set<String> channels = new java.util.HashSet<>(b.keySet());
            channels.addAll(a.keySet());
            for (String channel : channels) {
                Map<String, String> was = b.containsKey(channel) ? b.get(channel).members() : Map.of();
                Map<String, String> is = a.containsKey(channel) ? a.get(channel).members() : Map.of();
                is.forEach((user, info) -> {
                    if (!was.containsKey(user)) {
                        changes.add(new Change(app, channel, user, info, true));
                    }
                });
                was.forEach((user, info) -> {
                    if (!is.containsKey(user)) {
                        changes.add(new Change(app, channel, user, null, false));
                    }
                });
            }
        }
        return changes;
    }
}
