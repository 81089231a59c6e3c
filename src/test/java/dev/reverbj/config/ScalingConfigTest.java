package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalingConfigTest {

    private static ScalingConfig load(String yaml, Map<String, String> env) throws IOException {
        Path file = Files.createTempFile("scaling", ".yaml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, null, Map.of(), env).scaling();
    }

    @Test
    void scalingIsOffByDefault() throws IOException {
        ScalingConfig scaling = load("reverb: {}\n", Map.of());
        assertFalse(scaling.enabled());
        assertEquals("reverb", scaling.channel());
        assertEquals("redis://127.0.0.1:6379", scaling.redis().address());
    }

    @Test
    void theDefaultOutboxHoldsAtLeastThirtySecondsAtAThousandEventsPerSecond() throws IOException {
        ScalingConfig scaling = load("reverb: {}\n", Map.of());
        assertTrue(scaling.outboxSize() >= 30_000, "size " + scaling.outboxSize());
        assertTrue(scaling.outboxAge().toSeconds() >= 30, "age " + scaling.outboxAge());
    }

    @Test
    void outboxLimitsAreReadAndChecked() throws IOException {
        ScalingConfig scaling = load("reverb:\n  scaling:\n    outbox:\n      size: 500\n      max-age: 12\n", Map.of());
        assertEquals(500, scaling.outboxSize());
        assertEquals(12, scaling.outboxAge().toSeconds());
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("reverb:\n  scaling:\n    outbox:\n      size: 0\n", Map.of()));
        assertTrue(String.join("\n", e.problems()).contains("reverb.scaling.outbox.size"), e.problems().toString());
    }

    @Test
    void yamlKeysAreRead() throws IOException {
        ScalingConfig scaling = load("""
                reverb:
                  scaling:
                    enabled: true
                    channel: my-cluster
                    redis:
                      url: redis://cache.internal:6380/2
                """, Map.of());
        assertTrue(scaling.enabled());
        assertEquals("my-cluster", scaling.channel());
        assertEquals("redis://cache.internal:6380", scaling.redis().address());
        assertEquals(2, scaling.redis().database());
    }

    @Test
    void laravelVariablesOverrideYaml() throws IOException {
        ScalingConfig scaling = load("reverb:\n  scaling:\n    enabled: false\n", Map.of(
                "REVERB_SCALING_ENABLED", "true", "REVERB_SCALING_CHANNEL", "reverb-prod",
                "REDIS_HOST", "10.0.0.5", "REDIS_PORT", "6390", "REDIS_PASSWORD", "null", "REDIS_DB", "3"));
        assertTrue(scaling.enabled());
        assertEquals("reverb-prod", scaling.channel());
        assertEquals("redis://10.0.0.5:6390", scaling.redis().address());
        assertEquals(3, scaling.redis().database());
        assertNull(scaling.redis().password(), "Laravel's REDIS_PASSWORD=null means no password");
    }

    @Test
    void redisUrlWinsOverSeparateVariablesForThePartsItHas() throws IOException {
        ScalingConfig scaling = load("reverb: {}\n", Map.of(
                "REDIS_URL", "rediss://default:s3cr%40t@redis.example.com:6380",
                "REDIS_HOST", "ignored", "REDIS_DB", "4"));
        RedisEndpoint redis = scaling.redis();
        assertTrue(redis.tls());
        assertEquals("rediss://redis.example.com:6380", redis.address());
        assertEquals("default", redis.username());
        assertEquals("s3cr@t", redis.password());
        assertEquals(4, redis.database(), "no /db in the URL: REDIS_DB applies");
        assertFalse(redis.toString().contains("s3cr"), "never shows the password");
    }

    @Test
    void urlForms() {
        assertEquals(new RedisEndpoint("h", 6379, false, null, null, 0), RedisEndpoint.parse("redis://h"));
        assertEquals(new RedisEndpoint("h", 1, true, null, "pw", 5), RedisEndpoint.parse("rediss://:pw@h:1/5"));
        assertEquals(new RedisEndpoint("h", 1, false, null, "pw", 0), RedisEndpoint.parse("redis://pw@h:1"));
        assertEquals("rediss://[::1]:6379", RedisEndpoint.parse("rediss://[::1]").address());
    }

    @Test
    void badUrlIsAConfigErrorThatHidesThePassword() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load("reverb: {}\n", Map.of("REDIS_URL", "http://user:hunter2@h:1")));
        String message = String.join("\n", e.problems());
        assertTrue(message.contains("reverb.scaling.redis.url"), message);
        assertFalse(message.contains("hunter2"), message);
    }
}
