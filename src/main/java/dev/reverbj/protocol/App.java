package dev.reverbj.protocol;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reverbj.config.AppConfig;

/** An application being served on this node: its config, its channels and its open connections. */
public final class App {
    private final AppConfig config;
    private final ChannelManager channels;
    private final Hub hub;
    private final Clock clock;
    private final Map<SocketId, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicInteger connectionCount = new AtomicInteger();
    private final Observer observer;
    private final SignedInUsers users;

    public App(AppConfig config, Hub hub, Clock clock, ChannelManager.ChannelEvents events) {
        this(config, hub, clock, Observer.of(events));
    }

    /** @param observer this app's metrics and server events ({@link Observer#NONE} for none) */
    public App(AppConfig config, Hub hub, Clock clock, Observer observer) {
        this.config = config;
        this.hub = hub;
        this.clock = clock;
        this.observer = observer;
        this.channels = new ChannelManager(clock, config.cacheTtl(), config.maxPresenceMembers(), observer,
                hub.presence(config.id()));
        this.users = new SignedInUsers(channels, observer);
    }

    public AppConfig config() {
        return config;
    }

    public ChannelManager channels() {
        return channels;
    }

    /** This node's signed-in connections of the app. */
    public SignedInUsers users() {
        return users;
    }

    /** Where this app's events are published and delivered, on this node and the others. */
    public Hub hub() {
        return hub;
    }

    public Observer observer() {
        return observer;
    }

    /** Opens a session for an accepted socket; counts it against the app's quota (4004 when full). */
    Session open(Connection connection) {
        int max = config.maxConnections();
        if (connectionCount.incrementAndGet() > max && max > 0) {
            connectionCount.decrementAndGet();
            throw new PusherException(PusherError.OVER_QUOTA);
        }
        Session session = new Session(this, connection, clock);
        sessions.put(connection.socketId(), session);
        observer.opened(session);
        return session;
    }

    void closed(Session session) {
        if (sessions.remove(session.socketId(), session)) {
            connectionCount.decrementAndGet();
            observer.closed(session);
        }
    }

    public Collection<Session> sessions() {
        return sessions.values();
    }

    /** Closes every connection whose user (presence member or signed-in) is {@code userId}, with 4009. */
    public int terminateUser(String userId) {
        int closed = 0;
        for (Session session : sessions.values()) {
            if (userId.equals(session.userId())) {
                session.terminate(PusherError.USER_TERMINATED);
                closed++;
            }
        }
        return closed;
    }

    public int connectionCount() {
        return connectionCount.get();
    }
}
