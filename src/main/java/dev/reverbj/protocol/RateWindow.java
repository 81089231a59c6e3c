package dev.reverbj.protocol;

import dev.reverbj.config.RateLimit;

/**
 * The app's {@code rate-limiting} for one connection (SPEC.md section 6): at most {@code max-attempts} frames per
 * {@code decay-seconds} window. Touched only by the connection's reader thread.
 */
final class RateWindow {
    private final RateLimit limit;
    private final Clock clock;
    private long windowStart;
    private int count;

    RateWindow(RateLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.windowStart = clock.millis();
    }

    /** Counts one frame; @return false when it is over the limit */
    boolean admit() {
        if (!limit.enabled()) {
            return true;
        }
        long now = clock.millis();
        if (now - windowStart >= limit.decaySeconds() * 1000L) {
            windowStart = now;
            count = 0;
        }
        return ++count <= limit.maxAttempts();
    }

    boolean terminates() {
        return limit.terminateOnLimit();
    }
}
