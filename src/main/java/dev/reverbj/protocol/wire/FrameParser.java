package dev.reverbj.protocol.wire;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ClientMessage;
import dev.reverbj.protocol.PresenceMember;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.PusherException;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * Turns a client's text frame into a {@link ClientMessage}. Anything malformed throws
 * {@link PusherException} with {@link PusherError#INVALID_MESSAGE} and a message that says what is wrong.
 * Thread-safe; one instance is shared.
 */
public final class FrameParser {
    private FrameParser() {
    }

    public static ClientMessage parse(String text) {
        JsonObject frame = readObject(text, "Frame is not a JSON object");
        String event = stringField(frame, "event", true);
        JsonValue data = frame.get("data");
        String channel = stringField(frame, "channel", false);
        if (event.startsWith("pusher:") || event.startsWith("pusher_internal:")) {
            return pusherEvent(event, decodedData(data));
        }
        if (event.startsWith("client-")) {
            if (channel == null) {
                throw invalid("Client event needs a channel");
            }
            if (data == null) {
                throw invalid("Client event needs data");
            }
            return new ClientMessage.ClientEvent(event, ChannelName.fromClient(channel), data.toString());
        }
        return new ClientMessage.Ignored(event);
    }

    /** Reads a JSON object (used for presence channel_data and by the HTTP API). */
    public static JsonObject readObject(String text, String whatIsWrong) {
        JsonValue value;
        try {
            value = JsonInput.read(text);
        } catch (JsonInput.Malformed e) {
            throw invalid(whatIsWrong + " (" + e.getMessage() + ")");
        }
        if (value.getValueType() != JsonValue.ValueType.OBJECT) {
            throw invalid(whatIsWrong);
        }
        return value.asJsonObject();
    }

    private static ClientMessage pusherEvent(String event, JsonObject data) {
        return switch (event) {
            case "pusher:subscribe" -> new ClientMessage.Subscribe(
                    ChannelName.fromClientSubscription(stringField(requireData(data, event), "channel", true)),
                    stringField(data, "auth", false),
                    stringField(data, "channel_data", false));
            case "pusher:unsubscribe" -> new ClientMessage.Unsubscribe(
                    ChannelName.fromClientSubscription(stringField(requireData(data, event), "channel", true)));
            case "pusher:ping" -> new ClientMessage.Ping();
            case "pusher:pong" -> new ClientMessage.Pong();
            case "pusher:signin" -> signIn(requireData(data, event));
            default -> throw invalid("Unknown event " + event);
        };
    }

    private static ClientMessage signIn(JsonObject data) {
        String userData = stringField(data, "user_data", true);
        String auth = stringField(data, "auth", true);
        JsonObject user = readObject(userData, "user_data is not a JSON object");
        return new ClientMessage.SignIn(userData, auth, userId(user.get("id"), "user_data.id"));
    }

    /** The member a presence subscription declares in {@code channel_data} (SPEC.md section 3). */
    public static PresenceMember presenceMember(String channelData, ChannelName channel) {
        if (channelData == null) {
            throw new PusherException(PusherError.INVALID_MESSAGE,
                    "Invalid message format: presence channels need channel_data", channel);
        }
        JsonObject data = readObject(channelData, "channel_data is not a JSON object");
        String userId = userId(data.get("user_id"), "channel_data.user_id");
        JsonValue info = data.get("user_info");
        return PresenceMember.declared(userId, info == null ? "{}" : info.toString(), channel);
    }

    /** A presence or user id, given as a string or a number; returned as a string. */
    public static String userId(JsonValue value, String field) {
        if (value instanceof JsonString s && !s.getString().isEmpty()) {
            return s.getString();
        }
        if (value instanceof JsonNumber n) {
            return n.toString();
        }
        throw invalid(field + " must be a non-empty string or a number");
    }

    private static JsonObject decodedData(JsonValue data) {
        if (data == null || data == JsonValue.NULL) {
            return null;
        }
        if (data instanceof JsonObject object) {
            return object;
        }
        if (data instanceof JsonString s) {
            String raw = s.getString();
            if (raw.isBlank()) {
                return null;
            }
            return readObject(raw, "data is not a JSON object");
        }
        throw invalid("data must be an object or a JSON string");
    }

    private static JsonObject requireData(JsonObject data, String event) {
        if (data == null) {
            throw invalid(event + " needs data");
        }
        return data;
    }

    private static String stringField(JsonObject object, String name, boolean required) {
        JsonValue value = object.get(name);
        if (value == null || value == JsonValue.NULL) {
            if (required) {
                throw invalid("Missing field " + name);
            }
            return null;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw invalid("Field " + name + " must be a string");
    }

    private static PusherException invalid(String detail) {
        return new PusherException(PusherError.INVALID_MESSAGE, PusherError.INVALID_MESSAGE.message() + ": " + detail);
    }
}
