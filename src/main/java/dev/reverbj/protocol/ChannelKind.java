package dev.reverbj.protocol;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.protocol.wire.FrameParser;

/**
 * The kinds of channel, told apart by the name's prefix (SPEC.md section 3). A kind owns its rules: who may
 * subscribe ({@link #authorize}), who the subscriber is on a presence channel ({@link #member}), whether clients
 * may send events on it ({@link #acceptsClientEvents}) and what object holds its subscribers. Callers ask the
 * kind; they do not test flags.
 */
public enum ChannelKind {
    // Longer prefixes first: "private-encrypted-" and "private-cache-" also start with "private-".
    ENCRYPTED("private-encrypted-", Auth.SIGNED, false),
    PRIVATE_CACHE("private-cache-", Auth.SIGNED, true),
    PRESENCE_CACHE("presence-cache-", Auth.PRESENCE, true),
    PRIVATE("private-", Auth.SIGNED, false),
    PRESENCE("presence-", Auth.PRESENCE, false),
    CACHE("cache-", Auth.NONE, true),
    PUBLIC("", Auth.NONE, false);

    /** What a subscription must prove. */
    private enum Auth { NONE, SIGNED, PRESENCE }

    private final String prefix;
    private final Auth auth;
    private final boolean cache;

    ChannelKind(String prefix, Auth auth, boolean cache) {
        this.prefix = prefix;
        this.auth = auth;
        this.cache = cache;
    }

    static ChannelKind of(String name) {
        for (ChannelKind kind : values()) {
            if (name.startsWith(kind.prefix)) {
                return kind;
            }
        }
        return PUBLIC;
    }

    /**
     * Checks the subscription's {@code auth}: none for public channels, the channel signature for private ones,
     * and for presence the signature over the exact {@code channel_data} sent. Wrong or missing: 4009 for the
     * channel.
     */
    public void authorize(AppConfig app, SocketId socket, ClientMessage.Subscribe subscribe) {
        if (auth == Auth.NONE) {
            return;
        }
        ChannelName name = subscribe.channel();
        String expected = Signatures.channelAuth(app.key(), app.secret(), socket, name,
                auth == Auth.PRESENCE ? subscribe.channelData() : null);
        if (!Signatures.matches(expected, subscribe.auth())) {
            throw new PusherException(PusherError.UNAUTHORIZED, PusherError.UNAUTHORIZED.message(), name);
        }
    }

    /** The member the subscriber declares on a presence channel; null on other kinds. */
    public PresenceMember member(ClientMessage.Subscribe subscribe) {
        return auth == Auth.PRESENCE ? FrameParser.presenceMember(subscribe.channelData(), subscribe.channel()) : null;
    }

    /** Whether a subscriber may send client events here under the app's policy (SPEC.md section 4). */
    public boolean acceptsClientEvents(ClientEventsPolicy policy) {
        return switch (policy) {
            case ALL -> true;
            case MEMBERS -> auth != Auth.NONE;
            case NONE -> false;
        };
    }

    /** A new, empty channel of this kind. */
    Channel newChannel(ChannelName name) {
        return auth == Auth.PRESENCE ? new PresenceChannel(name) : new Channel(name);
    }

    /** Whether subscribing needs an auth signature. */
    public boolean signed() {
        return auth != Auth.NONE;
    }

    public boolean presence() {
        return auth == Auth.PRESENCE;
    }

    /** Whether the channel keeps its last event for new subscribers. */
    public boolean cache() {
        return cache;
    }
}
