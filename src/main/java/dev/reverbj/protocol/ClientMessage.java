package dev.reverbj.protocol;

/** A frame a client sent, parsed and checked at the edge by {@link dev.reverbj.protocol.wire.FrameParser}. */
public sealed interface ClientMessage {

    /** {@code pusher:subscribe}; {@code auth} and {@code channelData} are null when not sent. */
    record Subscribe(ChannelName channel, String auth, String channelData) implements ClientMessage {
    }

    /** {@code pusher:unsubscribe}. */
    record Unsubscribe(ChannelName channel) implements ClientMessage {
    }

    /** {@code pusher:ping}. */
    record Ping() implements ClientMessage {
    }

    /** {@code pusher:pong}: only counts as activity. */
    record Pong() implements ClientMessage {
    }

    /** {@code pusher:signin} (user authentication); {@code userData} is the exact string the client signed. */
    record SignIn(String userData, String auth, String userId) implements ClientMessage {
    }

    /** A {@code client-*} event; {@code data} is the JSON text of the data as sent (object or string). */
    record ClientEvent(String event, ChannelName channel, String data) implements ClientMessage {
    }

    /** Any other event not in the {@code pusher:} namespace: ignored, as Pusher does. */
    record Ignored(String event) implements ClientMessage {
    }
}
