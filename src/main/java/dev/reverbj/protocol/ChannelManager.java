package dev.reverbj.protocol;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.reverbj.protocol.wire.ServerFrames;

/**
 * The channels of one app on this node, and the last event of each cache channel. A channel exists
 * while it has subscribers; creating and removing it is atomic with the subscription that causes it.
 * Called from connection threads (subscribe, unsubscribe) and broker threads ({@link #deliver}).
 */
public final class ChannelManager {
    private final Map<String, Channel> channels = new ConcurrentHashMap<>();
    // Internal "#" channels (server-to-user, watchers) live apart: no listing, count or event ever sees them.
    private final Map<String, Channel> internal = new ConcurrentHashMap<>();
    private final Map<String, CachedEvent> cache = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long cacheTtlMillis;
    private final int maxPresenceMembers;
    private final ChannelEvents events;
    private final ClusterPresence cluster;

    private record CachedEvent(String frame, long expiresAt) {
    }

    /** What a subscription changed. {@code roster} is set for presence channels. */
    public record Joined(boolean newChannel, boolean newMember, Map<String, String> roster) {
    }

    /**
     * Told when a channel appears or disappears on this node (server events, metrics, webhooks), and when a
     * presence user gains its first or loses its last connection here. Never told about internal channels.
     */
    public interface ChannelEvents {
        ChannelEvents NONE = new ChannelEvents() {
        };

        default void channelCreated(ChannelName channel) {
        }

        default void channelRemoved(ChannelName channel) {
        }

        /** A user became a member of a presence channel on this node (its first connection here). */
        default void memberJoined(ChannelName channel, String userId) {
        }

        /** A user's last connection on this node left a presence channel. */
        default void memberLeft(ChannelName channel, String userId) {
        }
    }

    public ChannelManager(Clock clock, Duration cacheTtl, int maxPresenceMembers, ChannelEvents events) {
        this(clock, cacheTtl, maxPresenceMembers, events, ClusterPresence.LOCAL);
    }

    /** @param cluster presence members on other nodes ({@link ClusterPresence#LOCAL} for one node) */
    public ChannelManager(Clock clock, Duration cacheTtl, int maxPresenceMembers, ChannelEvents events,
                          ClusterPresence cluster) {
        this.clock = clock;
        this.cacheTtlMillis = cacheTtl.toMillis();
        this.maxPresenceMembers = maxPresenceMembers;
        this.events = events;
        this.cluster = cluster;
    }

    /**
     * Subscribes a connection; for presence channels {@code member} says who it is. Sends nothing:
     * the caller answers the subscriber, then announces a new member.
     */
    public Joined subscribe(Connection connection, ChannelName name, PresenceMember member) {
        Joined[] result = new Joined[1];
        mapOf(name).compute(name.value(), (key, channel) -> {
            Channel target = channel != null ? channel : Channel.create(name);
            boolean newMember = target.join(connection, member, maxPresenceMembers);
            result[0] = new Joined(channel == null, newMember, target.roster());
            return target;
        });
        Joined joined = result[0];
        if (joined.newChannel() && !name.isInternal()) {
            events.channelCreated(name);
        }
        if (joined.newMember()) {
            events.memberJoined(name, member.userId());
        }
        return joined.roster() == null ? joined : withCluster(name, member, joined);
    }

    /**
     * A presence join as the cluster sees it: the roster adds members on other nodes, and the user is new
     * only if no other node has it either. Without scaling this returns {@code joined} unchanged.
     */
    private Joined withCluster(ChannelName name, PresenceMember member, Joined joined) {
        if (joined.newMember()) {
            cluster.memberJoined(name, member);
        }
        Map<String, String> remote = cluster.remoteMembers(name);
        if (remote.isEmpty()) {
            return joined;
        }
        Map<String, String> roster = new java.util.LinkedHashMap<>(joined.roster());
        remote.forEach(roster::putIfAbsent);
        boolean newMember = joined.newMember() && !remote.containsKey(member.userId());
        return new Joined(joined.newChannel(), newMember, roster);
    }

    /**
     * Removes a subscription; tells the remaining members when a presence user's last connection left.
     *
     * @return false when the connection was not subscribed
     */
    public boolean unsubscribe(Connection connection, ChannelName name) {
        boolean[] removed = new boolean[2];
        String[] goneUser = new String[1];
        mapOf(name).computeIfPresent(name.value(), (key, channel) -> {
            removed[0] = channel.has(connection.socketId());
            goneUser[0] = channel.leave(connection);
            if (channel.isEmpty()) {
                removed[1] = true;
                return null;
            }
            return channel;
        });
        if (goneUser[0] != null) {
            cluster.memberLeft(name, goneUser[0]);
            events.memberLeft(name, goneUser[0]);
        }
        // Still a member through another node: the cluster-wide member has not left (SPEC.md section 3).
        if (goneUser[0] != null && !cluster.isRemoteMember(name, goneUser[0])) {
            Channel channel = channels.get(name.value());
            if (channel != null) {
                channel.broadcast(ServerFrames.memberRemoved(name, goneUser[0]), null);
            }
        }
        if (removed[1] && !name.isInternal()) {
            events.channelRemoved(name);
        }
        return removed[0];
    }

    /**
     * Hands an encoded event to this node's subscribers of {@code name} (except one socket), and keeps
     * it as the channel's last event when it is a cache channel, even with nobody subscribed.
     */
    public void deliver(ChannelName name, String frame, SocketId except) {
        if (name.isCache()) {
            cache.put(name.value(), new CachedEvent(frame, clock.millis() + cacheTtlMillis));
        }
        Channel channel = mapOf(name).get(name.value());
        if (channel != null) {
            channel.broadcast(frame, except);
        }
    }

    /** The cache channel's last event, if it has one that has not expired. */
    public Optional<String> cachedEvent(ChannelName name) {
        CachedEvent event = cache.get(name.value());
        if (event == null) {
            return Optional.empty();
        }
        if (event.expiresAt() <= clock.millis()) {
            cache.remove(name.value(), event);
            return Optional.empty();
        }
        return Optional.of(event.frame());
    }

    /** Drops expired cache entries; called by the liveness sweeper. */
    public void expireCache() {
        long now = clock.millis();
        cache.values().removeIf(e -> e.expiresAt() <= now);
    }

    public Optional<Channel> find(ChannelName name) {
        return Optional.ofNullable(mapOf(name).get(name.value()));
    }

    /** The occupied channels, internal ones left out. */
    public Collection<Channel> channels() {
        return channels.values();
    }

    private Map<String, Channel> mapOf(ChannelName name) {
        return name.isInternal() ? internal : channels;
    }
}
