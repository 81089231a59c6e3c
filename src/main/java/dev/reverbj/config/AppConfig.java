package dev.reverbj.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One application: its credentials and the limits its clients live under. Built once by {@link ConfigLoader}.
 *
 * @param allowedOrigins     host globs ({@code *} is any run of characters); {@code ["*"]} allows every origin
 * @param pingInterval       silence after which a connection is pinged, then pruned after as long again
 * @param activityTimeout    advertised to clients in {@code connection_established}
 * @param maxConnections     0 = unlimited
 * @param maxMessageSize     largest client frame in bytes; larger ones close the socket with 1009
 * @param maxPresenceMembers members per presence channel
 * @param cacheTtl           how long a cache channel keeps its last event
 * @param maxChannels        channels one connection may be subscribed to at once (bounds a client's memory)
 * @param webhooks           where Pusher-format webhooks go (docs/webhooks.md); none by default
 */
public record AppConfig(String id,
                        String key,
                        String secret,
                        List<String> allowedOrigins,
                        Duration pingInterval,
                        int activityTimeout,
                        int maxConnections,
                        int maxMessageSize,
                        ClientEventsPolicy acceptClientEventsFrom,
                        RateLimit rateLimiting,
                        int maxPresenceMembers,
                        Duration cacheTtl,
                        int maxChannels,
                        List<WebhookConfig> webhooks) {

    public static final int MAX_USER_INFO_BYTES = 1000;
    public static final int MAX_USER_ID_LENGTH = 128;
    /** Default of {@code max-channels}: far above what a page subscribes to, far below what exhausts a heap. */
    public static final int DEFAULT_MAX_CHANNELS = 100;

    public AppConfig {
        Objects.requireNonNull(id, "app-id");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(secret, "secret");
        allowedOrigins = List.copyOf(allowedOrigins);
        webhooks = List.copyOf(webhooks);
        Objects.requireNonNull(acceptClientEventsFrom, "accept-client-events-from");
        Objects.requireNonNull(rateLimiting, "rate-limiting");
        if (pingInterval.isNegative() || pingInterval.isZero()) {
            throw new IllegalArgumentException("ping-interval must be positive");
        }
        if (maxChannels < 1) {
            throw new IllegalArgumentException("max-channels must be at least 1");
        }
    }

    /** The settings before {@code max-channels} existed, with its default. */
    public AppConfig(String id, String key, String secret, List<String> allowedOrigins, Duration pingInterval,
                     int activityTimeout, int maxConnections, int maxMessageSize,
                     ClientEventsPolicy acceptClientEventsFrom, RateLimit rateLimiting, int maxPresenceMembers,
                     Duration cacheTtl) {
        this(id, key, secret, allowedOrigins, pingInterval, activityTimeout, maxConnections, maxMessageSize,
                acceptClientEventsFrom, rateLimiting, maxPresenceMembers, cacheTtl, DEFAULT_MAX_CHANNELS);
    }

    /** An app without webhooks. */
    public AppConfig(String id, String key, String secret, List<String> allowedOrigins, Duration pingInterval,
                     int activityTimeout, int maxConnections, int maxMessageSize,
                     ClientEventsPolicy acceptClientEventsFrom, RateLimit rateLimiting, int maxPresenceMembers,
                     Duration cacheTtl, int maxChannels) {
        this(id, key, secret, allowedOrigins, pingInterval, activityTimeout, maxConnections, maxMessageSize,
                acceptClientEventsFrom, rateLimiting, maxPresenceMembers, cacheTtl, maxChannels, List.of());
    }

    /** A development app with the given credentials and every other setting at its default. */
    public static AppConfig withDefaults(String id, String key, String secret) {
        return new AppConfig(id, key, secret, List.of("*"), Duration.ofSeconds(60), 30, 0, 10_000,
                ClientEventsPolicy.MEMBERS, RateLimit.OFF, 100, Duration.ofMinutes(30));
    }

    public boolean allowsEveryOrigin() {
        return allowedOrigins.contains("*");
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "AppConfig[id=" + id + ", key=" + key + "]";
    }
}
