package dev.reverbj.protocol;

import dev.reverbj.protocol.wire.ServerFrames;

/**
 * A protocol problem found anywhere below the message dispatcher. It owns its frames: {@link #sendTo} is the one
 * place that writes {@code pusher:error} (and {@code pusher:subscription_error} when a subscription failed).
 * {@code detail} replaces the default message when the client needs more.
 */
public final class PusherException extends RuntimeException {
    private final PusherError error;
    private final transient ChannelName channel;

    public PusherException(PusherError error) {
        this(error, error.message(), null);
    }

    public PusherException(PusherError error, String detail) {
        this(error, detail, null);
    }

    public PusherException(PusherError error, String detail, ChannelName channel) {
        super(detail, null, false, false);
        this.error = error;
        this.channel = channel;
    }

    public PusherError error() {
        return error;
    }

    /** The channel a failed subscription was for, or null. */
    public ChannelName channel() {
        return channel;
    }

    /**
     * Tells the client: {@code pusher:error} with the code and message, then, for a failed subscription,
     * {@code pusher:subscription_error} so that pusher-js / Echo fire the channel's own error handler. Closing
     * the socket, when the error calls for it, is the caller's separate step.
     */
    public void sendTo(Connection connection) {
        connection.send(ServerFrames.error(error.code(), getMessage()));
        if (channel != null) {
            connection.send(ServerFrames.subscriptionError(channel, subscriptionErrorType(), getMessage(), status()));
        }
    }

    private String subscriptionErrorType() {
        return switch (error) {
            case UNAUTHORIZED -> "AuthError";
            case PRESENCE_FULL, TOO_MANY_CHANNELS -> "LimitReached";
            default -> "InvalidSubscription";
        };
    }

    /** The HTTP-like status pusher-js reports for a failed subscription. */
    private int status() {
        return switch (error) {
            case UNAUTHORIZED -> 401;
            case PRESENCE_FULL, TOO_MANY_CHANNELS -> 403;
            default -> 400;
        };
    }
}
