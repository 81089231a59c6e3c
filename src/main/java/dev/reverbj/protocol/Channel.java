package dev.reverbj.protocol;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The subscribers of one channel on this node. Membership changes are serialized by
 * {@link ChannelManager} (per channel); {@link #broadcast} iterates without a lock and never blocks,
 * since {@link Connection#send} only queues.
 */
public class Channel {
    private final ChannelName name;
    private final Map<SocketId, Connection> subscribers = new ConcurrentHashMap<>();

    Channel(ChannelName name) {
        this.name = name;
    }

    static Channel create(ChannelName name) {
        return name.isPresence() ? new PresenceChannel(name) : new Channel(name);
    }

    public ChannelName name() {
        return name;
    }

    /** @return false when the connection was already subscribed */
    boolean add(Connection connection) {
        return subscribers.putIfAbsent(connection.socketId(), connection) == null;
    }

    boolean remove(Connection connection) {
        return subscribers.remove(connection.socketId()) != null;
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

    /** Hands the same encoded frame to every subscriber except {@code except} (may be null). */
    public void broadcast(String frame, SocketId except) {
        broadcast(Frame.of(frame), except);
    }

    /** Hands the same frame to every subscriber except {@code except} (may be null). */
    public void broadcast(Frame frame, SocketId except) {
        for (Connection connection : subscribers.values()) {
            if (except == null || !except.equals(connection.socketId())) {
                connection.send(frame);
            }
        }
    }
}
