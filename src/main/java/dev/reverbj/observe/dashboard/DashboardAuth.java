package dev.reverbj.observe.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * HTTP basic auth (RFC 7617) against the configured username and password. Both sides are hashed before the
 * constant-time compare, so neither the content nor the length of the secret leaks through timing.
 */
final class DashboardAuth {
    /** The challenge sent with every 401. */
    static final String CHALLENGE = "Basic realm=\"Reverb/J dashboard\", charset=\"UTF-8\"";

    private final byte[] expected;

    DashboardAuth(String username, String password) {
        this.expected = sha256(username + ":" + password);
    }

    /** Whether an {@code Authorization} header value (or null) carries the right credentials. */
    boolean allows(String authorization) {
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String given;
        try {
            given = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
