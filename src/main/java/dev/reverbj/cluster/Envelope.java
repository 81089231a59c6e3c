package dev.reverbj.cluster;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reverbj.protocol.wire.JsonText;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

/**
 * The JSON text of a {@link ClusterMessage} on the Redis channel: a flat object with {@code "v":1}, the
 * sender's {@code node} id, its {@code seq} (messages that go through the outbox), {@code "replay":true} on a
 * copy published again for a node that missed it, the {@code app} id when the message is about one app, a
 * {@code type} and the type's fields. Readable from any language; documented in docs/scaling.md. Unknown fields are ignored and
 * unknown types or versions are skipped, so a newer node can add to it.
 */
final class Envelope {
    static final int VERSION = 1;
    private static final JsonReaderFactory READERS = JsonProvider.provider().createReaderFactory(Map.of());

    private static final String HEAD = "{\"v\":" + VERSION + ",";

    /**
     * A decoded envelope: who sent it, its place in that node's sequence (0: outside it), whether it is a copy
     * published again, and what.
     */
    record Received(String node, long seq, boolean replay, ClusterMessage message) {
    }

    private Envelope() {
    }

    /** A message outside the sequence (hello, resend, a restart request). */
    static String encode(String node, ClusterMessage message) {
        return encode(node, 0, message);
    }

    /** The same envelope marked as a copy published again ({@code "replay":true}). */
    static String replay(String text) {
        return text.startsWith(HEAD) ? HEAD + "\"replay\":true," + text.substring(HEAD.length()) : text;
    }

    /** @param seq the message's place in the sender's sequence, or 0 */
    static String encode(String node, long seq, ClusterMessage message) {
        StringBuilder out = new StringBuilder(128).append(HEAD).append("\"node\":");
        JsonText.appendQuoted(out, node);
        if (seq > 0) {
            out.append(",\"seq\":").append(seq);
        }
        switch (message) {
            case ClusterMessage.Event e -> {
                app(out, e.app()).append(",\"type\":\"event\",\"channel\":");
                JsonText.appendQuoted(out, e.channel());
                if (e.except() != null) {
                    out.append(",\"except\":");
                    JsonText.appendQuoted(out, e.except());
                }
                out.append(",\"frame\":");
                JsonText.appendQuoted(out, e.frame());
            }
            case ClusterMessage.Join j -> {
                app(out, j.app()).append(",\"type\":\"join\",\"channel\":");
                JsonText.appendQuoted(out, j.channel());
                out.append(",\"user_id\":");
                JsonText.appendQuoted(out, j.userId());
                out.append(",\"user_info\":").append(j.userInfo());
            }
            case ClusterMessage.Leave l -> {
                app(out, l.app()).append(",\"type\":\"leave\",\"channel\":");
                JsonText.appendQuoted(out, l.channel());
                out.append(",\"user_id\":");
                JsonText.appendQuoted(out, l.userId());
            }
            case ClusterMessage.Terminate t -> {
                app(out, t.app()).append(",\"type\":\"terminate\",\"user_id\":");
                JsonText.appendQuoted(out, t.userId());
            }
            case ClusterMessage.State s -> {
                out.append(",\"type\":\"state\",\"apps\":{");
                boolean firstApp = true;
                for (Map.Entry<String, ClusterMessage.AppState> app : s.apps().entrySet()) {
                    out.append(firstApp ? "" : ",");
                    firstApp = false;
                    JsonText.appendQuoted(out, app.getKey());
                    out.append(":{\"connections\":").append(app.getValue().connections()).append(",\"channels\":{");
                    boolean firstChannel = true;
                    for (Map.Entry<String, ClusterMessage.ChannelState> c : app.getValue().channels().entrySet()) {
                        out.append(firstChannel ? "" : ",");
                        firstChannel = false;
                        JsonText.appendQuoted(out, c.getKey());
                        out.append(":{\"subscriptions\":").append(c.getValue().subscriptions());
                        if (!c.getValue().members().isEmpty()) {
                            out.append(",\"members\":{");
                            boolean firstMember = true;
                            for (Map.Entry<String, String> m : c.getValue().members().entrySet()) {
                                out.append(firstMember ? "" : ",");
                                firstMember = false;
                                JsonText.appendQuoted(out, m.getKey());
                                out.append(':').append(m.getValue());
                            }
                            out.append('}');
                        }
                        out.append('}');
                    }
                    out.append("}}");
                }
                out.append('}');
            }
            case ClusterMessage.Hello h -> out.append(",\"type\":\"hello\"");
            case ClusterMessage.Resend r -> {
                out.append(",\"type\":\"resend\",\"to\":");
                JsonText.appendQuoted(out, r.to());
                out.append(",\"from\":").append(r.from());
            }
            case ClusterMessage.Bye b -> out.append(",\"type\":\"bye\"");
            case ClusterMessage.Restart r -> out.append(",\"type\":\"restart\"");
        }
        return out.append('}').toString();
    }

    private static StringBuilder app(StringBuilder out, String app) {
        out.append(",\"app\":");
        JsonText.appendQuoted(out, app);
        return out;
    }

    /**
     * @return the message, or null for a message of another version or an unknown type
     * @throws IllegalArgumentException when the text is not a valid envelope
     */
    static Received decode(String text) {
        JsonObject o;
        try (var reader = READERS.createReader(new StringReader(text))) {
            o = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a JSON object", e);
        }
        if (!(o.get("v") instanceof JsonNumber v) || v.intValue() != VERSION) {
            return null;
        }
        String node = string(o, "node");
        ClusterMessage message = switch (string(o, "type")) {
            case "event" -> new ClusterMessage.Event(string(o, "app"), string(o, "channel"),
                    o.get("except") instanceof JsonString s ? s.getString() : null, string(o, "frame"));
            case "join" -> new ClusterMessage.Join(string(o, "app"), string(o, "channel"),
                    string(o, "user_id"), o.containsKey("user_info") ? o.get("user_info").toString() : "{}");
            case "leave" -> new ClusterMessage.Leave(string(o, "app"), string(o, "channel"),
                    string(o, "user_id"));
            case "terminate" -> new ClusterMessage.Terminate(string(o, "app"), string(o, "user_id"));
            case "state" -> new ClusterMessage.State(apps(o.getJsonObject("apps")));
            case "hello" -> new ClusterMessage.Hello();
            case "resend" -> new ClusterMessage.Resend(string(o, "to"), number(o, "from"));
            case "bye" -> new ClusterMessage.Bye();
            case "restart" -> new ClusterMessage.Restart();
            default -> null;
        };
        long seq = o.get("seq") instanceof JsonNumber n ? n.longValue() : 0;
        return message == null ? null : new Received(node, seq, o.getBoolean("replay", false), message);
    }

    private static Map<String, ClusterMessage.AppState> apps(JsonObject apps) {
        Map<String, ClusterMessage.AppState> out = new LinkedHashMap<>();
        if (apps == null) {
            return out;
        }
        apps.forEach((id, value) -> {
            JsonObject app = value.asJsonObject();
            Map<String, ClusterMessage.ChannelState> channels = new LinkedHashMap<>();
            JsonObject rawChannels = app.getJsonObject("channels");
            if (rawChannels != null) {
                rawChannels.forEach((name, c) -> {
                    JsonObject channel = c.asJsonObject();
                    Map<String, String> members = new LinkedHashMap<>();
                    JsonObject rawMembers = channel.getJsonObject("members");
                    if (rawMembers != null) {
                        rawMembers.forEach((user, info) -> members.put(user, info.toString()));
                    }
                    channels.put(name, new ClusterMessage.ChannelState(channel.getInt("subscriptions", 0), members));
                });
            }
            out.put(id, new ClusterMessage.AppState(app.getInt("connections", 0), channels));
        });
        return out;
    }

    private static String string(JsonObject o, String field) {
        JsonValue value = o.get(field);
        if (value instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException("field " + field + " must be a string");
    }

    private static long number(JsonObject o, String field) {
        if (o.get(field) instanceof JsonNumber n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("field " + field + " must be a number");
    }
}
