package dev.reverbj.protocol.wire;

import java.util.Map;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.SocketId;

/**
 * Encodes every frame the server sends. Each wire literal is written here once. The {@code data} of
 * {@code pusher:*} and {@code pusher_internal:*} frames is a JSON-encoded string (SPEC.md section 1).
 */
public final class ServerFrames {
    private static final String PONG = "{\"event\":\"pusher:pong\",\"data\":\"{}\"}";
    private static final String PING = "{\"event\":\"pusher:ping\",\"data\":\"{}\"}";

    private ServerFrames() {
    }

    public static String connectionEstablished(SocketId socketId, int activityTimeout) {
        return frame("pusher:connection_established", null,
                "{\"socket_id\":" + JsonText.quote(socketId.value()) + ",\"activity_timeout\":" + activityTimeout + "}");
    }

    public static String error(int code, String message) {
        return frame("pusher:error", null, "{\"code\":" + code + ",\"message\":" + JsonText.quote(message) + "}");
    }

    public static String pong() {
        return PONG;
    }

    public static String ping() {
        return PING;
    }

    public static String subscriptionSucceeded(ChannelName channel) {
        return frame("pusher_internal:subscription_succeeded", channel, "{}");
    }

    /** @param members user id to user_info JSON text, in roster order */
    public static String presenceSubscriptionSucceeded(ChannelName channel, Map<String, String> members) {
        StringBuilder ids = new StringBuilder("[");
        StringBuilder hash = new StringBuilder("{");
        for (Map.Entry<String, String> member : members.entrySet()) {
            if (ids.length() > 1) {
                ids.append(',');
                hash.append(',');
            }
            JsonText.appendQuoted(ids, member.getKey());
            JsonText.appendQuoted(hash, member.getKey());
            hash.append(':').append(member.getValue());
        }
        String data = "{\"presence\":{\"count\":" + members.size() + ",\"ids\":" + ids.append(']')
                + ",\"hash\":" + hash.append('}') + "}}";
        return frame("pusher_internal:subscription_succeeded", channel, data);
    }

    public static String subscriptionError(ChannelName channel, String type, String error, int status) {
        return frame("pusher:subscription_error", channel,
                "{\"type\":" + JsonText.quote(type) + ",\"error\":" + JsonText.quote(error) + ",\"status\":" + status + "}");
    }

    public static String memberAdded(ChannelName channel, String userId, String userInfoJson) {
        return frame("pusher_internal:member_added", channel,
                "{\"user_id\":" + JsonText.quote(userId) + ",\"user_info\":" + userInfoJson + "}");
    }

    public static String memberRemoved(ChannelName channel, String userId) {
        return frame("pusher_internal:member_removed", channel, "{\"user_id\":" + JsonText.quote(userId) + "}");
    }

    public static String cacheMiss(ChannelName channel) {
        return "{\"event\":\"pusher:cache_miss\",\"channel\":" + JsonText.quote(channel.value()) + "}";
    }

    public static String signinSuccess(String userData) {
        return frame("pusher:signin_success", null, "{\"user_data\":" + JsonText.quote(userData) + "}");
    }

    /**
     * {@code pusher_internal:watchlist_events} with one event per non-empty group ({@code online} first):
     * {@code {"events":[{"name":"online","user_ids":[…]}]}}. An empty {@code online} list is still sent when both
     * are empty, so a client learns its initial state either way.
     */
    public static String watchlistEvents(java.util.List<String> online, java.util.List<String> offline) {
        StringBuilder data = new StringBuilder("{\"events\":[");
        if (!online.isEmpty() || offline.isEmpty()) {
            appendWatchlistEvent(data, "online", online);
        }
        if (!offline.isEmpty()) {
            if (data.charAt(data.length() - 1) != '[') {
                data.append(',');
            }
            appendWatchlistEvent(data, "offline", offline);
        }
        return frame("pusher_internal:watchlist_events", null, data.append("]}").toString());
    }

    private static void appendWatchlistEvent(StringBuilder out, String name, java.util.List<String> ids) {
        out.append("{\"name\":\"").append(name).append("\",\"user_ids\":[");
        for (int i = 0; i < ids.size(); i++) {
            out.append(i > 0 ? "," : "");
            JsonText.appendQuoted(out, ids.get(i));
        }
        out.append("]}");
    }

    /**
     * An application event (from the HTTP API or a client).
     *
     * @param dataJson the data as JSON text: a string literal or an object
     * @param userId   the sending member on presence channels, else null
     */
    public static String event(String name, ChannelName channel, String dataJson, String userId) {
        StringBuilder out = new StringBuilder(dataJson.length() + name.length() + channel.value().length() + 48);
        out.append("{\"event\":");
        JsonText.appendQuoted(out, name);
        out.append(",\"channel\":");
        JsonText.appendQuoted(out, channel.value());
        out.append(",\"data\":").append(dataJson);
        if (userId != null) {
            out.append(",\"user_id\":");
            JsonText.appendQuoted(out, userId);
        }
        return out.append('}').toString();
    }

    private static String frame(String event, ChannelName channel, String dataJson) {
        StringBuilder out = new StringBuilder(64 + dataJson.length());
        out.append("{\"event\":\"").append(event).append('"');
        if (channel != null) {
            out.append(",\"channel\":");
            JsonText.appendQuoted(out, channel.value());
        }
        out.append(",\"data\":");
        JsonText.appendQuoted(out, dataJson);
        return out.append('}').toString();
    }
}
