package dev.reverbj.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Horizontal scaling over Redis ({@code reverb.scaling.*}, docs/scaling.md). When enabled, every node
 * publishes to and listens on the Redis pub/sub channel {@code channel}; nodes that share a Redis server
 * and a channel behave as one server.
 *
 * @param channel           Redis pub/sub channel name (Reverb's {@code REVERB_SCALING_CHANNEL}, default "reverb")
 * @param heartbeatInterval how often a node publishes its full state
 * @param nodeTimeout       a node silent this long is considered dead and stops counting
 * @param outboxSize        envelopes a node keeps for the other nodes while Redis is unreachable
 *                          ({@code reverb.scaling.outbox.size}); beyond it the HTTP API answers 503
 * @param outboxAge         the oldest envelope the outbox waits with ({@code reverb.scaling.outbox.max-age}); when the
 *                          oldest unsent one is older, the HTTP API answers 503 until the outbox drains
 */
public record ScalingConfig(boolean enabled, String channel, RedisEndpoint redis, Duration heartbeatInterval,
                            Duration nodeTimeout, int outboxSize, Duration outboxAge) {
    public static final String DEFAULT_CHANNEL = "reverb";
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofSeconds(5);
    /** 60 s at 1,000 events/s. */
    public static final int DEFAULT_OUTBOX_SIZE = 60_000;
    public static final Duration DEFAULT_OUTBOX_AGE = Duration.ofSeconds(60);
    public static final ScalingConfig DISABLED = new ScalingConfig(false, DEFAULT_CHANNEL, RedisEndpoint.DEFAULT,
            DEFAULT_HEARTBEAT, DEFAULT_NODE_TIMEOUT);

    public ScalingConfig {
        Objects.requireNonNull(redis, "redis");
        if (channel == null || channel.isBlank()) {
            throw new IllegalArgumentException("scaling channel must not be empty");
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive");
        }
        if (nodeTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("node timeout must be at least two heartbeat intervals");
        }
        if (outboxSize < 1 || outboxAge.isNegative() || outboxAge.isZero()) {
            throw new IllegalArgumentException("outbox size and age must be positive");
        }
    }

    /** With the default outbox limits. */
    public ScalingConfig(boolean enabled, String channel, RedisEndpoint redis, Duration heartbeatInterval,
                         Duration nodeTimeout) {
        this(enabled, channel, redis, heartbeatInterval, nodeTimeout, DEFAULT_OUTBOX_SIZE, DEFAULT_OUTBOX_AGE);
    }
}
