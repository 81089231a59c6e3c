package dev.reverbj.config;

import java.util.Locale;

/**
 * One effective configuration value and where it came from: {@code default}, a file path, {@code environment
 * variable X} or {@code --flag}. {@code value} is a String, Integer, Boolean or a List of Strings.
 */
public record Setting(String key, Object value, String source) {
    /** Secrets (app secrets, Redis passwords and URLs, which may carry one) are never printed in clear. */
    public boolean secret() {
        String k = key.toLowerCase(Locale.ROOT);
        return k.endsWith(".secret") || k.endsWith(".password") || k.endsWith("redis.url");
    }
}
