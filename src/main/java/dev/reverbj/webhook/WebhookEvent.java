package dev.reverbj.webhook;

import dev.reverbj.protocol.wire.JsonText;

/**
 * One Pusher webhook event: its name (the {@code event-types} entry it answers to), its channel (for the
 * filter) and its JSON object as sent inside {@code events}. Built only by the factories, in Pusher's field
 * names (SPEC.md section 9).
 */
record WebhookEvent(String name, String channel, String json) {

    static WebhookEvent channelOccupied(String channel) {
        return simple("channel_occupied", channel);
    }

    static WebhookEvent channelVacated(String channel) {
        return simple("channel_vacated", channel);
    }

    static WebhookEvent cacheMiss(String channel) {
        return simple("cache_miss", channel);
    }

    static WebhookEvent memberAdded(String channel, String userId) {
        return member("member_added", channel, userId);
    }

    static WebhookEvent memberRemoved(String channel, String userId) {
        return member("member_removed", channel, userId);
    }

    static WebhookEvent subscriptionCount(String channel, int count) {
        return new WebhookEvent("subscription_count", channel, start("subscription_count", channel)
                .append(",\"subscription_count\":").append(count).append('}').toString());
    }

    /**
     * @param dataJson the client's data as it sent it (JSON text); Pusher passes it on as a string
     * @param userId   the sender's user id on presence channels, else null
     */
    static WebhookEvent clientEvent(String channel, String event, String dataJson, String socketId, String userId) {
        StringBuilder out = start("client_event", channel).append(",\"event\":");
        JsonText.appendQuoted(out, event);
        out.append(",\"data\":");
        JsonText.appendQuoted(out, unquoted(dataJson));
        out.append(",\"socket_id\":");
        JsonText.appendQuoted(out, socketId);
        if (userId != null) {
            out.append(",\"user_id\":");
            JsonText.appendQuoted(out, userId);
        }
        return new WebhookEvent("client_event", channel, out.append('}').toString());
    }

    /** A JSON string literal's content (a client may send its data as a string); other JSON text as it is. */
    private static String unquoted(String dataJson) {
        if (!dataJson.startsWith("\"")) {
            return dataJson;
        }
        try (var reader = jakarta.json.Json.createReader(new java.io.StringReader("[" + dataJson + "]"))) {
            return reader.readArray().getString(0);
        } catch (RuntimeException e) {
            return dataJson;
        }
    }

    private static WebhookEvent simple(String name, String channel) {
        return new WebhookEvent(name, channel, start(name, channel).append('}').toString());
    }

    private static WebhookEvent member(String name, String channel, String userId) {
        StringBuilder out = start(name, channel).append(",\"user_id\":");
        JsonText.appendQuoted(out, userId);
        return new WebhookEvent(name, channel, out.append('}').toString());
    }

    private static StringBuilder start(String name, String channel) {
        StringBuilder out = new StringBuilder(96).append("{\"name\":\"").append(name).append("\",\"channel\":");
        JsonText.appendQuoted(out, channel);
        return out;
    }
}
