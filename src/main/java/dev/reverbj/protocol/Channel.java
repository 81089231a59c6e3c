package dev.reverbj.protocol;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribers of one channel on this node. Membership changes are serialized by
 * {@link ChannelManager} (per channel); {@link #broadcast} iterates without a lock and never blocks,
 * since {@link Connection#send} only queues. A plain channel has subscribers and no members;
 * {@link PresenceChannel} adds members, so callers never ask which kind they hold.
 */
public class Channel {
    private final ChannelName name;
    private final Map<SocketId, Connection> subscribers = new ConcurrentHashMap<>();

    Channel(ChannelName name) {
        this.name = name;
    }

    static Channel create(ChannelName name) {
        return name.kind().newChannel(name);
    }

    public ChannelName name() {
        return name;
    }

    /**
     * Adds a subscriber; on presence channels also its member (4100 when the channel is full).
     *
     * @return whether this made a new member (always false without members)
     */
    boolean join(Connection connection, PresenceMember member, int maxMembers) {
        subscribers.putIfAbsent(connection.socketId(), connection);
        return false;
    }

    /**
     * Removes a subscriber.
     *
     * @return the user id whose last connection here this was (presence), else null
     */
    String leave(Connection connection) {
        subscribers.remove(connection.socketId());
        return null;
    }

    boolean isEmpty() {
        return subscribers.isEmpty();
    }

    public boolean has(SocketId socketId) {
        return subscribers.containsKey(socketId);
    }

    public int subscriptionCount() {
        return subscribers.size();
    }

    public Collection<Connection> subscribers() {
        return subscribers.values();
    }

    /** The presence user a subscriber stands for; null on channels without members. */
    public String userIdOf(SocketId socketId) {
        return null;
    }

    /** Members' user id to user_info JSON text, in join order (a copy); null on channels without members. */
    public Map<String, String> roster() {
        return null;
    }

    /** The distinct members' user ids; empty on channels without members. */
    public List<String> userIds() {
        return List.of();
    }

    public int userCount() {
        return 0;
    }

    /** Whether the user is a member here; always false on channels without members. */
    public boolean hasMember(String userId) {
        return false;
    }

    /** This node's view of the channel now: its subscriptions and members. */
    public ChannelSnapshot snapshot() {
        return new ChannelSnapshot(name.value(), subscriptionCount(), Set.copyOf(userIds()));
    }

    /**
     * Hands the same frame to every subscriber except {@code except} (may be null). It is framed once, and only
     * when someone gets it: a client event whose sender is the channel's only subscriber here costs no encoding.
     */
    public void broadcast(String frame, SocketId except) {
        Frame framed = null;
        for (Connection connection : subscribers.values()) {
            if (except == null || !except.equals(connection.socketId())) {
                if (framed == null) {
                    framed = Frame.of(frame);
                }
                connection.send(framed);
            }
        }
    }
}
