package dev.reverbj.protocol;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.support.RecordingConnection;

/**
 * One app served by the protocol alone (no sockets, no server) on a fake clock, and clients that are a
 * {@link RecordingConnection} plus their {@link Session}: protocol tests send text frames and assert on the exact
 * frames recorded.
 */
final class ProtocolClients {
    static final String KEY = "key";
    static final String SECRET = "secret";

    final AtomicLong now = new AtomicLong(1_000);
    final AppConfig config;
    final App app;

    ProtocolClients(ClientEventsPolicy policy, RateLimit rate, int maxPresenceMembers, int maxChannels) {
        config = new AppConfig("app", KEY, SECRET, List.of("*"), Duration.ofSeconds(60), 30, 0, 10_000, policy, rate,
                maxPresenceMembers, Duration.ofMinutes(30), maxChannels);
        app = new App(config, Hub.local(), now::get, Observer.NONE);
    }

    /** The defaults: client events from members, no rate limit, 100 members, 100 channels. */
    ProtocolClients() {
        this(ClientEventsPolicy.MEMBERS, RateLimit.OFF, 100, 100);
    }

    Client connect() {
        RecordingConnection connection = new RecordingConnection();
        return new Client(app.open(connection), connection);
    }

    /** A connected client; {@code frames} holds everything the server sent it. */
    record Client(Session session, RecordingConnection connection) {
        void send(String frame) {
            session.receive(frame);
        }

        List<String> frames() {
            return connection.frames;
        }

        String last() {
            return connection.last();
        }

        void clear() {
            connection.frames.clear();
        }

        String auth(String channel, String channelData) {
            return Signatures.channelAuth(KEY, SECRET, session.socketId(), ChannelName.of(channel), channelData);
        }

        void subscribe(String channel) {
            send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
        }

        void subscribePrivate(String channel) {
            send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + auth(channel, null) + "\"}}");
        }

        void subscribePresence(String channel, String channelData) {
            send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"" + channel + "\",\"auth\":\""
                    + auth(channel, channelData) + "\",\"channel_data\":" + quote(channelData) + "}}");
        }

        void unsubscribe(String channel) {
            send("{\"event\":\"pusher:unsubscribe\",\"data\":{\"channel\":\"" + channel + "\"}}");
        }
    }

    static String quote(String text) {
        return dev.reverbj.protocol.wire.JsonText.quote(text);
    }

    static String error(int code, String message) {
        return "{\"event\":\"pusher:error\",\"data\":" + quote("{\"code\":" + code + ",\"message\":" + quote(message) + "}") + "}";
    }

    static String subscriptionError(String channel, String type, String error, int status) {
        return "{\"event\":\"pusher:subscription_error\",\"channel\":\"" + channel + "\",\"data\":"
                + quote("{\"type\":" + quote(type) + ",\"error\":" + quote(error) + ",\"status\":" + status + "}") + "}";
    }

    static String succeeded(String channel) {
        return "{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"" + channel + "\",\"data\":\"{}\"}";
    }
}
