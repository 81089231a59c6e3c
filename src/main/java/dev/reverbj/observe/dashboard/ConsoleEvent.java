package dev.reverbj.observe.dashboard;

import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.wire.JsonInput;
import dev.reverbj.protocol.wire.JsonText;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

/**
 * One line of the dashboard's event console, as captured on a protocol thread: cheap to build (no parsing,
 * no formatting); {@link #appendJson} does that work later, on the viewer's own thread.
 *
 * @param at      when, in epoch milliseconds
 * @param socket  the socket it concerns (the sender of a client event; the excluded socket of a publish), or null
 * @param channel the channel, or null for connection events
 * @param frame   the published Pusher frame (publish and client events), or null
 * @param code    the close code of a {@link Kind#CLOSE}, else 0
 */
record ConsoleEvent(long at, String app, Kind kind, String socket, String channel, String frame, int code) {
    /** Longest {@code data} shown; the rest is cut and its full size said. */
    static final int MAX_DATA = 200;

    enum Kind {
        OPEN("connection"), CLOSE("disconnection"), SUBSCRIBE("subscribed"), UNSUBSCRIBE("unsubscribed"),
        PUBLISH("api message"), CLIENT_EVENT("client event");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    static ConsoleEvent connection(String app, Kind kind, String socket, int code) {
        return new ConsoleEvent(System.currentTimeMillis(), app, kind, socket, null, null, code);
    }

    static ConsoleEvent subscription(String app, Kind kind, String socket, String channel) {
        return new ConsoleEvent(System.currentTimeMillis(), app, kind, socket, channel, null, 0);
    }

    /** A client event when the frame's event is {@code client-*} and a socket sent it, else an API message. */
    static ConsoleEvent published(String app, String channel, String frame, String socket, boolean fromClient) {
        return new ConsoleEvent(System.currentTimeMillis(), app, fromClient ? Kind.CLIENT_EVENT : Kind.PUBLISH, socket,
                channel, frame, 0);
    }

    /**
     * {@code {"t":..,"app":..,"kind":..,"socket":..,"channel":..,"event":..,"size":..,"data":..,"cut":true}}: absent
     * fields are omitted; {@code size} is the UTF-8 size of the whole data, {@code cut} says data was shortened.
     */
    void appendJson(StringBuilder out) {
        out.append("{\"t\":").append(at).append(",\"app\":");
        JsonText.appendQuoted(out, app);
        out.append(",\"kind\":");
        JsonText.appendQuoted(out, kind.label);
        optional(out, "socket", socket);
        optional(out, "channel", channel);
        if (code != 0) {
            out.append(",\"code\":").append(code);
        }
        if (frame != null) {
            appendFrame(out);
        }
        out.append('}');
    }

    private void appendFrame(StringBuilder out) {
        String event = null;
        String data = frame;
        try {
            // Our own frames always parse into an object; show the raw text if one ever does not.
            if (JsonInput.read(frame) instanceof JsonObject parsed) {
                event = parsed.getString("event", null);
                JsonValue d = parsed.get("data");
                data = d == null ? "" : d instanceof JsonString s ? s.getString() : d.toString();
            }
        } catch (JsonInput.Malformed e) {
            // as above: the raw text
        }
        optional(out, "event", event);
        out.append(",\"size\":").append(Frame.utf8Length(data));
        boolean cut = data.length() > MAX_DATA;
        // Never split a surrogate pair: half of one is not valid text.
        int end = cut && Character.isHighSurrogate(data.charAt(MAX_DATA - 1)) ? MAX_DATA - 1 : MAX_DATA;
        optional(out, "data", cut ? data.substring(0, end) : data);
        if (cut) {
            out.append(",\"cut\":true");
        }
    }

    private static void optional(StringBuilder out, String field, String value) {
        if (value != null) {
            out.append(",\"").append(field).append("\":");
            JsonText.appendQuoted(out, value);
        }
    }
}
