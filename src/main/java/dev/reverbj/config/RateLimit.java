package dev.reverbj.config;

/** Frames a connection may send per window; over it the client gets 4301 (SPEC.md section 6). */
public record RateLimit(boolean enabled, int maxAttempts, int decaySeconds, boolean terminateOnLimit) {
    public static final RateLimit OFF = new RateLimit(false, 60, 60, false);

    public RateLimit {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max-attempts must be at least 1");
        }
        if (decaySeconds < 1) {
            throw new IllegalArgumentException("decay-seconds must be at least 1");
        }
    }
}
