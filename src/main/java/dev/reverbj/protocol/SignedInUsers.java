package dev.reverbj.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.wire.FrameParser;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The connections of one app signed in as a user ({@code pusher:signin}) on this node. A signed-in connection
 * is subscribed to internal channels: {@code #server-to-user-{id}} (what {@code sendToUser} publishes to) and
 * {@code #watchers-{w}} for each user {@code w} of its watchlist (where online/offline changes of {@code w} are
 * published). The observer hears when a user's first connection here signs in and its last one leaves.
 * Called on connection reader threads and on whichever thread learns a socket is gone.
 */
public final class SignedInUsers {
    /** Pusher's limit on the ids of a watchlist. */
    public static final int MAX_WATCHLIST = 100;

    private record SignedIn(String userId, List<ChannelName> channels) {
    }

    private final ChannelManager channels;
    private final Observer observer;
    private final Map<SocketId, SignedIn> bySocket = new ConcurrentHashMap<>();
    private final Map<String, Integer> connections = new ConcurrentHashMap<>();

    SignedInUsers(ChannelManager channels, Observer observer) {
        this.channels = channels;
        this.observer = observer;
    }

    /** The watchlist of signed user data: the ids in {@code watchlist}, or none. Throws 4200 when malformed. */
    static List<String> watchlist(String userData) {
        JsonObject user = FrameParser.readObject(userData, "user_data is not a JSON object");
        JsonValue raw = user.get("watchlist");
        if (raw == null || raw == JsonValue.NULL) {
            return List.of();
        }
        if (!(raw instanceof JsonArray ids)) {
            throw new PusherException(PusherError.INVALID_MESSAGE, "Invalid message format: user_data.watchlist must be an array of user ids");
        }
        if (ids.size() > MAX_WATCHLIST) {
            throw new PusherException(PusherError.INVALID_MESSAGE,
                    "Invalid message format: a watchlist holds at most " + MAX_WATCHLIST + " user ids");
        }
        Set<String> unique = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = FrameParser.userId(ids.get(i), "user_data.watchlist[" + i + "]");
            if (id.length() > AppConfig.MAX_USER_ID_LENGTH) {
                throw new PusherException(PusherError.INVALID_MESSAGE, "Invalid message format: user_data.watchlist["
                        + i + "] is longer than " + AppConfig.MAX_USER_ID_LENGTH + " characters");
            }
            unique.add(id);
        }
        return List.copyOf(unique);
    }

    /**
     * Signs the connection in as {@code userId} (replacing an earlier sign-in of the same connection) and
     * subscribes it to its internal channels. The caller then answers {@code signin_success} and asks for the
     * watchlist's state ({@link Observer#watching}), in that order.
     */
    void signIn(Session session, String userId, List<String> watchlist) {
        signOut(session);
        List<ChannelName> internal = new ArrayList<>();
        internal.add(ChannelName.serverToUser(userId));
        for (String watched : watchlist) {
            internal.add(ChannelName.watchers(watched));
        }
        for (ChannelName name : internal) {
            channels.subscribe(session.connection(), name, null);
        }
        bySocket.put(session.socketId(), new SignedIn(userId, internal));
        if (connections.merge(userId, 1, Integer::sum) == 1) {
            observer.userOnline(userId);
        }
    }

    /** The connection is no longer signed in (gone or signed in again); safe to call repeatedly. */
    void signOut(Session session) {
        SignedIn gone = bySocket.remove(session.socketId());
        if (gone == null) {
            return;
        }
        for (ChannelName name : gone.channels()) {
            channels.unsubscribe(session.connection(), name);
        }
        if (connections.compute(gone.userId(), (k, n) -> n == null || n <= 1 ? null : n - 1) == null) {
            observer.userOffline(gone.userId());
        }
    }

    /** Whether a connection of this node is signed in as the user. */
    public boolean isOnline(String userId) {
        return connections.containsKey(userId);
    }
}
