package dev.reverbj.config;

import java.util.Locale;

/** Which subscribers may send client events ({@code accept-client-events-from}, SPEC.md section 4). */
public enum ClientEventsPolicy {
    /** Private and presence channels only, and the sender must be subscribed. */
    MEMBERS,
    /** Any channel the sender is subscribed to, public included (Laravel Reverb's behaviour). */
    ALL,
    /** Client events are refused with 4301. */
    NONE;

    public static ClientEventsPolicy parse(String raw) {
        return valueOf(raw.trim().toUpperCase(Locale.ROOT));
    }
}
