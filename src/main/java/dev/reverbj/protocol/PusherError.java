package dev.reverbj.protocol;

/**
 * Every error the server reports to a client, with its Pusher code (SPEC.md section 8).
 * The code tells pusher-js what to do next: 4000–4099 do not reconnect, 4100–4199 back off,
 * 4200–4299 reconnect at once, 4300+ do not reconnect.
 */
public enum PusherError {
    APP_NOT_FOUND(4001, "Application does not exist"),
    OVER_QUOTA(4004, "Application is over connection quota"),
    UNSUPPORTED_PROTOCOL(4007, "Unsupported protocol version"),
    ORIGIN_NOT_ALLOWED(4009, "Origin not allowed"),
    UNAUTHORIZED(4009, "Connection is unauthorized"),
    NOT_A_MEMBER(4009, "The client is not a member of the specified channel."),
    USER_TERMINATED(4009, "Connection terminated by the server"),
    OVER_CAPACITY(4100, "Over capacity"),
    PRESENCE_FULL(4100, "Presence channel is full"),
    INVALID_MESSAGE(4200, "Invalid message format"),
    RESTARTING(4200, "Server restarting, reconnect now"),
    PONG_TIMEOUT(4201, "Pong reply not received in time"),
    RATE_LIMITED(4301, "Rate limit exceeded"),
    CLIENT_EVENTS_DISABLED(4301, "The app does not have client messaging enabled."),
    TOO_MANY_CHANNELS(4301, "Too many channels on one connection"),
    MESSAGE_TOO_BIG(1009, "Maximum message size exceeded"),
    INTERNAL(4200, "Internal server error, reconnect");

    private final int code;
    private final String message;

    PusherError(int code, String message) {
        this.code = code;
        this.message = message;
    }

    public int code() {
        return code;
    }

    public String message() {
        return message;
    }
}
