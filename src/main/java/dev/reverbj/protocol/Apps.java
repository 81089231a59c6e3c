package dev.reverbj.protocol;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reverbj.protocol.wire.ServerFrames;

/** The apps this node serves, by key (WebSocket side) and by id (HTTP API). */
public final class Apps {
    private final Map<String, App> byKey = new LinkedHashMap<>();
    private final Map<String, App> byId = new LinkedHashMap<>();
    private final Observer unknownApps;
    private final RepeatedWarnings warnings = RepeatedWarnings.toLog(Clock.SYSTEM);
    private volatile boolean draining;
    private volatile int capacity = Integer.MAX_VALUE;

    public Apps(List<App> apps) {
        this(apps, Observer.NONE);
    }

    /** @param unknownApps told about sockets refused with 4001 (no app to tell) */
    public Apps(List<App> apps, Observer unknownApps) {
        this.unknownApps = unknownApps;
        for (App app : apps) {
            byKey.put(app.config().key(), app);
            byId.put(app.config().id(), app);
        }
    }

    public App byKey(String key) {
        return key == null ? null : byKey.get(key);
    }

    public App byId(String id) {
        return id == null ? null : byId.get(id);
    }

    public Collection<App> all() {
        return byKey.values();
    }

    /** The node's summariser of warnings that clients can repeat at will (one line per kind per interval). */
    public RepeatedWarnings warnings() {
        return warnings;
    }

    /** From now on new sockets are refused with 4200 (the node is shutting down; clients retry elsewhere). */
    public void stopAccepting() {
        draining = true;
    }

    /**
     * The most WebSocket connections this node holds, all apps together; beyond it new sockets are refused
     * with 4100 "Over capacity" (pusher-js backs off and retries, another node may take them).
     */
    public void limitConnections(int nodeCapacity) {
        this.capacity = nodeCapacity;
    }

    public boolean isAccepting() {
        return !draining;
    }

    /**
     * Runs the checks of a new socket in order (app key 4001, protocol 4007, draining 4200, origin 4009, node full 4100,
     * app quota 4004) and, when it is
     * accepted, sends {@code pusher:connection_established}. A refused socket gets the error frame and is
     * closed.
     *
     * @param origin the Origin header, or null
     * @return the new session, or null when the socket was refused
     */
    public Session open(String appKey, String origin, Connection connection) {
        return open(appKey, origin, null, connection);
    }

    /**
     * {@link #open(String, String, Connection)}, checking the {@code protocol} query parameter first after the
     * app key: outside 5–7 the socket is refused with 4007 (SPEC.md section 9).
     *
     * @param protocol the {@code protocol} query parameter as sent, or null when absent (counts as 7)
     */
    public Session open(String appKey, String origin, String protocol, Connection connection) {
        App app = byKey(appKey);
        try {
            if (app == null) {
                throw new PusherException(PusherError.APP_NOT_FOUND);
            }
            if (!ProtocolVersion.supported(protocol)) {
                throw new PusherException(PusherError.UNSUPPORTED_PROTOCOL,
                        PusherError.UNSUPPORTED_PROTOCOL.message() + ": this server speaks protocol 5 to 7");
            }
            if (draining) {
                throw new PusherException(PusherError.RESTARTING);
            }
            if (!Origins.allowed(app.config().allowedOrigins(), origin)) {
                throw new PusherException(PusherError.ORIGIN_NOT_ALLOWED);
            }
            if (capacity != Integer.MAX_VALUE && all().stream().mapToInt(App::connectionCount).sum() >= capacity) {
                throw new PusherException(PusherError.OVER_CAPACITY, "Over capacity: this server is full");
            }
            Session session = app.open(connection);
            connection.send(ServerFrames.connectionEstablished(connection.socketId(), app.config().activityTimeout()));
            return session;
        } catch (PusherException e) {
            warnings.warn("refused connections", "app=" + (app == null ? "?" : app.config().id()) + " socket="
                    + connection.socketId() + " origin=" + origin + ": " + e.getMessage());
            (app == null ? unknownApps : app.observer()).refused(e.error());
            e.sendTo(connection);
            connection.close(e.error());
            return null;
        }
    }
}
