package dev.reverbj.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.reverbj.protocol.App;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ChannelSnapshot;
import dev.reverbj.protocol.ClusterLink;
import dev.reverbj.protocol.SocketId;
import dev.reverbj.protocol.wire.JsonInput;
import dev.reverbj.protocol.wire.JsonText;
import dev.reverbj.protocol.wire.ServerFrames;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * {@code POST events} and {@code POST batch_events}: validate with Pusher's limits, then hand one encoded
 * frame per channel to the hub. A batch is validated whole before any of it is published. The answer is 200 only
 * once every frame is safe for the other nodes (written to Redis, or held in the outbox during an outage), and 503
 * with {@code Retry-After} when the node cannot promise that (not linked yet, outbox full; docs/scaling.md).
 */
final class Publishing {
    static final int MAX_CHANNELS = 100;
    static final int MAX_BATCH = 10;
    static final int MAX_EVENT_NAME = 200;
    /** How long an answer waits for the link to take the frames; they stay queued in order after that. */
    private static final long SAFE_WAIT_SECONDS = 10;

    /** One validated event, ready to publish. */
    private record Event(String name, List<ChannelName> channels, String data, SocketId except, Set<String> info) {
    }

    String event(HttpApi.Call call) {
        Event event = parseEvent(body(call), call.app(), "");
        publish(call.app(), List.of(event));
        return info(call.app(), event);
    }

    String batch(HttpApi.Call call) {
        JsonValue batch = body(call).get("batch");
        if (!(batch instanceof JsonArray items)) {
            throw ApiException.invalid("batch", "must be an array of events");
        }
        if (items.size() > MAX_BATCH) {
            throw ApiException.invalid("batch", "at most " + MAX_BATCH + " events per batch, got " + items.size());
        }
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof JsonObject item)) {
                throw ApiException.invalid("batch[" + i + "]", "must be an object");
            }
            events.add(parseEvent(item, call.app(), "batch[" + i + "]."));
        }
        publish(call.app(), events);
        if (events.stream().allMatch(e -> e.info().isEmpty())) {
            return "{\"batch\":{}}";
        }
        StringBuilder out = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            out.append(i > 0 ? "," : "").append(attributes(call.app(), e.channels().get(0), e.info()));
        }
        return out.append("]}").toString();
    }

    private static void publish(App app, List<Event> events) {
        ClusterLink.Admission admission = app.hub().admit(events.stream().mapToInt(e -> e.channels().size()).sum());
        if (admission != ClusterLink.Admission.ACCEPTED) {
            throw ApiException.unavailable(admission.message(), admission.retryAfterSeconds());
        }
        List<CompletableFuture<Void>> safe = new ArrayList<>();
        for (Event event : events) {
            // The data is escaped once; only the channel differs between the frames of a multi-channel event.
            String data = JsonText.quote(event.data());
            for (ChannelName channel : event.channels()) {
                String frame = ServerFrames.event(event.name(), channel, data, null);
                app.observer().published(channel, frame, event.except());
                safe.add(app.hub().publish(app, channel, frame, event.except()));
            }
        }
        try {
            CompletableFuture.allOf(safe.toArray(CompletableFuture[]::new)).get(SAFE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Another publisher took the last places between admit and publish: the refused frames went nowhere.
            if (e.getCause() instanceof ClusterLink.Refused refused) {
                throw ApiException.unavailable(refused.getMessage(), refused.reason().retryAfterSeconds());
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            // Still queued in order behind older frames: it goes out when they do.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String info(App app, Event event) {
        if (event.info().isEmpty()) {
            return "{}";
        }
        StringBuilder out = new StringBuilder("{\"channels\":{");
        boolean first = true;
        for (ChannelName channel : event.channels()) {
            out.append(first ? "" : ",");
            JsonText.appendQuoted(out, channel.value());
            out.append(':').append(attributes(app, channel, event.info()));
            first = false;
        }
        return out.append("}}").toString();
    }

    /** The {@code info} attributes of one channel: user_count for presence, subscription_count otherwise. */
    static String attributes(App app, ChannelName channel, Set<String> info) {
        ChannelSnapshot snapshot = app.hub().channel(app, channel)
                .orElse(new ChannelSnapshot(channel.value(), 0, Set.of()));
        List<String> parts = new ArrayList<>();
        if (info.contains("user_count") && channel.isPresence()) {
            parts.add("\"user_count\":" + snapshot.userCount());
        }
        if (info.contains("subscription_count")) {
            parts.add("\"subscription_count\":" + snapshot.subscriptionCount());
        }
        return "{" + String.join(",", parts) + "}";
    }

    private static Event parseEvent(JsonObject body, App app, String at) {
        String name = string(body, "name", at, true);
        if (name.isEmpty() || name.length() > MAX_EVENT_NAME) {
            throw ApiException.invalid(at + "name", "must be 1 to " + MAX_EVENT_NAME + " characters");
        }
        JsonValue rawData = body.get("data");
        if (rawData == null || rawData == JsonValue.NULL) {
            throw ApiException.invalid(at + "data", "is required");
        }
        // Pusher's data is a string; other JSON is passed on as its JSON text, as the Pusher server does.
        String data = rawData instanceof JsonString s ? s.getString() : rawData.toString();
        int dataBytes = data.getBytes(StandardCharsets.UTF_8).length;
        if (dataBytes > app.config().maxMessageSize()) {
            throw new ApiException(413, at + "data: is " + dataBytes + " bytes, over the app's max-message-size of "
                    + app.config().maxMessageSize());
        }
        List<ChannelName> channels = channels(body, at);
        SocketId except = null;
        String socketId = string(body, "socket_id", at, false);
        if (socketId != null) {
            except = SocketId.parseOrNull(socketId);
            if (except == null) {
                throw ApiException.invalid(at + "socket_id", "must look like 1234.5678");
            }
        }
        Set<String> info = new LinkedHashSet<>();
        String rawInfo = string(body, "info", at, false);
        if (rawInfo != null) {
            for (String attribute : rawInfo.split(",")) {
                String a = attribute.strip();
                if (!a.equals("user_count") && !a.equals("subscription_count")) {
                    throw ApiException.invalid(at + "info", "may list user_count and subscription_count, got '" + a + "'");
                }
                info.add(a);
            }
        }
        return new Event(name, channels, data, except, info);
    }

    private static List<ChannelName> channels(JsonObject body, String at) {
        List<String> raw = new ArrayList<>();
        JsonValue many = body.get("channels");
        String one = string(body, "channel", at, false);
        if (many != null && many != JsonValue.NULL) {
            if (!(many instanceof JsonArray array)) {
                throw ApiException.invalid(at + "channels", "must be an array of channel names");
            }
            for (int i = 0; i < array.size(); i++) {
                if (!(array.get(i) instanceof JsonString s)) {
                    throw ApiException.invalid(at + "channels[" + i + "]", "must be a string");
                }
                raw.add(s.getString());
            }
        } else if (one != null) {
            raw.add(one);
        }
        if (raw.isEmpty()) {
            throw ApiException.invalid(at + "channels", "name at least one channel (channel or channels)");
        }
        if (raw.size() > MAX_CHANNELS) {
            throw ApiException.invalid(at + "channels", "at most " + MAX_CHANNELS + " channels per event, got " + raw.size());
        }
        List<ChannelName> names = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            // sendToUser publishes to "#server-to-user-{id}"; every other "#" name stays invalid.
            String problem = ChannelName.isServerToUser(raw.get(i)) ? null : ChannelName.problem(raw.get(i));
            if (problem != null) {
                throw ApiException.invalid(at + (many != null ? "channels[" + i + "]" : "channel"), problem);
            }
            names.add(ChannelName.of(raw.get(i)));
        }
        return names;
    }

    private static String string(JsonObject body, String field, String at, boolean required) {
        JsonValue value = body.get(field);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw ApiException.invalid(at + field, "is required");
            }
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw ApiException.invalid(at + field, "must be a string");
    }

    private static JsonObject body(HttpApi.Call call) {
        if (call.body().length == 0) {
            throw ApiException.badRequest("The request needs a JSON body");
        }
        JsonValue value;
        try {
            value = JsonInput.read(new String(call.body(), StandardCharsets.UTF_8));
        } catch (JsonInput.Malformed e) {
            throw ApiException.badRequest("The body is " + e.getMessage());
        }
        if (!(value instanceof JsonObject object)) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        return object;
    }
}
