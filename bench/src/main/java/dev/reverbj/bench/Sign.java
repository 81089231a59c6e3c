package dev.reverbj.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Pusher signatures: channel auth and the HTTP API request signature (SPEC.md sections 3 and 7). */
final class Sign {
    private Sign() {
    }

    static String hmacHex(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String md5Hex(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query string of a signed API request, auth_signature last. */
    static String apiQuery(String method, String path, String key, String secret, byte[] body, long timestamp) {
        String query = "auth_key=" + key + "&auth_timestamp=" + timestamp + "&auth_version=1.0&body_md5=" + md5Hex(body);
        return query + "&auth_signature=" + hmacHex(secret, method + "\n" + path + "\n" + query);
    }
}
