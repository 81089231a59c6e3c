package dev.reverbj.protocol;

import dev.reverbj.config.AppConfig;

/**
 * A valid channel name: at most 200 characters of {@code A-Za-z0-9_-=@,.;} (Pusher's set), or one of the
 * server's internal names starting with {@code #} ({@code #server-to-user-{id}}, {@code #watchers-{id}}), which
 * only the server subscribes connections to and which never appear in listings, webhooks or metrics.
 */
public record ChannelName(String value) {
    public static final int MAX_LENGTH = 200;
    /** Where a Pusher SDK's {@code sendToUser} publishes; every connection signed in as the user gets it. */
    public static final String SERVER_TO_USER = "#server-to-user-";
    /** Internal: the watchers of a user, told when it goes online or offline (watchlists). */
    public static final String WATCHERS = "#watchers-";

    public ChannelName {
        String problem = isInternal(value) ? null : problem(value);
        if (problem != null) {
            throw new PusherException(PusherError.INVALID_MESSAGE, problem);
        }
    }

    /** Any valid name, internal ones included (names the server itself built or received from its cluster). */
    public static ChannelName of(String raw) {
        return new ChannelName(raw);
    }

    /** A name a client sent: internal names are refused like any other invalid name. */
    public static ChannelName fromClient(String raw) {
        String problem = problem(raw);
        if (problem != null) {
            throw new PusherException(PusherError.INVALID_MESSAGE, problem);
        }
        return new ChannelName(raw);
    }

    /**
     * A name a client subscribes to or leaves: a client name, or a {@code #server-to-user-{id}} name, which pusher-js
     * subscribes to itself once signed in (who may is the subscription's business, see {@code Subscriptions}).
     */
    public static ChannelName fromClientSubscription(String raw) {
        return isServerToUser(raw) ? new ChannelName(raw) : fromClient(raw);
    }

    /** Whether {@code raw} is a {@code #server-to-user-{id}} name with a user id of 1 to 128 characters. */
    public static boolean isServerToUser(String raw) {
        return raw != null && raw.startsWith(SERVER_TO_USER) && raw.length() > SERVER_TO_USER.length()
                && raw.length() - SERVER_TO_USER.length() <= AppConfig.MAX_USER_ID_LENGTH;
    }

    public static ChannelName serverToUser(String userId) {
        return new ChannelName(SERVER_TO_USER + userId);
    }

    public static ChannelName watchers(String userId) {
        return new ChannelName(WATCHERS + userId);
    }

    private static boolean isInternal(String raw) {
        return raw != null && (raw.startsWith(SERVER_TO_USER) && raw.length() > SERVER_TO_USER.length()
                || raw.startsWith(WATCHERS) && raw.length() > WATCHERS.length());
    }

    /** An internal {@code #} name: hidden from listings, webhooks and metrics. */
    public boolean isInternal() {
        return value.charAt(0) == '#';
    }

    /** Why {@code raw} is not a channel name, or null when it is one. */
    public static String problem(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "Channel name is missing";
        }
        if (raw.length() > MAX_LENGTH) {
            return "Channel name is longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "_-=@,.;".indexOf(c) >= 0;
            if (!ok) {
                return "Invalid channel name: only A-Za-z0-9_-=@,.; are allowed";
            }
        }
        return null;
    }

    public ChannelKind kind() {
        return ChannelKind.of(value);
    }

    public boolean isPresence() {
        return kind().presence();
    }

    public boolean isCache() {
        return kind().cache();
    }

    public boolean isSigned() {
        return kind().signed();
    }

    @Override
    public String toString() {
        return value;
    }
}
