package dev.reverbj.protocol;

/**
 * A protocol problem found anywhere below the message dispatcher; the dispatcher turns it into a
 * {@code pusher:error} frame. {@code detail} replaces the default message when the client needs more.
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
}
