package dev.reverbj.protocol;

/** The kinds of channel, told apart by the name's prefix (SPEC.md section 3). */
public enum ChannelKind {
    // Longer prefixes first: "private-encrypted-" and "private-cache-" also start with "private-".
    ENCRYPTED("private-encrypted-", true, false, false),
    PRIVATE_CACHE("private-cache-", true, false, true),
    PRESENCE_CACHE("presence-cache-", true, true, true),
    PRIVATE("private-", true, false, false),
    PRESENCE("presence-", true, true, false),
    CACHE("cache-", false, false, true),
    PUBLIC("", false, false, false);

    private final String prefix;
    private final boolean signed;
    private final boolean presence;
    private final boolean cache;

    ChannelKind(String prefix, boolean signed, boolean presence, boolean cache) {
        this.prefix = prefix;
        this.signed = signed;
        this.presence = presence;
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

    /** Whether subscribing needs an auth signature. */
    public boolean signed() {
        return signed;
    }

    public boolean presence() {
        return presence;
    }

    public boolean cache() {
        return cache;
    }
}
