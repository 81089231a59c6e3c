package dev.reverbj.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Reads {@code reverb.scaling.*} into a {@link ScalingConfig}. The Redis address is built from the separate
 * fields (host, port, username, password, database; default 127.0.0.1:6379, db 0), then a URL, when one is set,
 * overrides the parts it contains, as Laravel's own Redis configuration does.
 */
final class ScalingConfigReader {
    private ScalingConfigReader() {
    }

    static ScalingConfig read(Map<String, RawValue> s, ValueReader in) {
        boolean enabled = in.bool(s, "enabled", "reverb.scaling.enabled", false);
        String channel = in.text(s, "channel", "reverb.scaling.channel", ScalingConfig.DEFAULT_CHANNEL);
        if (channel.isEmpty()) {
            in.problems().add("reverb.scaling.channel: must not be empty (" + s.get("channel").source() + ")");
            channel = ScalingConfig.DEFAULT_CHANNEL;
        }
        RedisEndpoint redis = RedisEndpoint.DEFAULT;
        String host = in.text(s, "redis.host", "reverb.scaling.redis.host", "");
        if (!host.isEmpty()) {
            redis = redis.withHost(host);
        }
        redis = redis.withPort(in.integer(s, "redis.port", "reverb.scaling.redis.port", redis.port(), 1, 65535))
                .withUsername(in.text(s, "redis.username", "reverb.scaling.redis.username", null))
                .withPassword(in.text(s, "redis.password", "reverb.scaling.redis.password", null))
                .withDatabase(in.integer(s, "redis.database", "reverb.scaling.redis.database", 0, 0, 10_000));
        RawValue url = s.get("redis.url");
        if (url != null && !url.raw().isBlank() && !url.raw().strip().equals("null")) {
            in.record("reverb.scaling.redis.url", url.raw().strip(), url);
            try {
                RedisEndpoint fromUrl = RedisEndpoint.parse(url.raw());
                boolean hasDatabase = URI.create(url.raw().strip()).getPath().length() > 1;
                redis = new RedisEndpoint(fromUrl.host(), fromUrl.port(), fromUrl.tls(),
                        fromUrl.username() != null ? fromUrl.username() : redis.username(),
                        fromUrl.password() != null ? fromUrl.password() : redis.password(),
                        hasDatabase ? fromUrl.database() : redis.database());
            } catch (IllegalArgumentException e) {
                // Never echo the URL: it may carry a password.
                in.problems().add("reverb.scaling.redis.url: " + e.getMessage() + " (" + url.source() + ")");
            }
        }
        int outboxSize = in.integer(s, "outbox.size", "reverb.scaling.outbox.size", ScalingConfig.DEFAULT_OUTBOX_SIZE,
                1, 10_000_000);
        int outboxAge = in.integer(s, "outbox.max-age", "reverb.scaling.outbox.max-age",
                (int) ScalingConfig.DEFAULT_OUTBOX_AGE.toSeconds(), 1, 86_400);
        return new ScalingConfig(enabled, channel, redis, ScalingConfig.DEFAULT_HEARTBEAT, ScalingConfig.DEFAULT_NODE_TIMEOUT,
                outboxSize, Duration.ofSeconds(outboxAge));
    }
}
