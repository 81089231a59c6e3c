package dev.reverbj.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.Signatures;

/**
 * The Pusher REST request signature (SPEC.md section 7): every query parameter but {@code auth_signature},
 * keys lower-cased and sorted, joined as {@code k=v} with {@code &} (values not escaped), signed as
 * {@code METHOD\nPATH\nQUERY} with HMAC-SHA256 of the app secret. Also checks {@code auth_key},
 * the {@code auth_timestamp} window and {@code body_md5}.
 */
final class RequestSignature {
    /**
     * How far a request's auth_timestamp may be from our clock, either way. It bounds how long a captured request
     * can be replayed; it does not stop a replay inside the window (Pusher accepts those too).
     */
    static final long WINDOW_SECONDS = 600;

    private RequestSignature() {
    }

    static String stringToSign(String method, String path, Map<String, String> params) {
        Map<String, String> sorted = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("auth_signature")) {
                sorted.put(k.toLowerCase(java.util.Locale.ROOT), v);
            }
        });
        String query = sorted.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return method + "\n" + path + "\n" + query;
    }

    static String sign(String secret, String method, String path, Map<String, String> params) {
        return Signatures.hmacSha256Hex(secret, stringToSign(method, path, params));
    }

    /**
     * @param path         the request path without the configured prefix
     * @param nowEpochSeconds the server's clock
     * @throws ApiException 401 naming what is wrong
     */
    static void verify(AppConfig app, String method, String path, Map<String, String> params, byte[] body,
                       long nowEpochSeconds) {
        String key = params.get("auth_key");
        if (key == null) {
            throw ApiException.unauthorized("auth_key is missing");
        }
        if (!Signatures.matches(app.key(), key)) {
            throw ApiException.unauthorized("auth_key does not belong to this app");
        }
        String timestamp = params.get("auth_timestamp");
        long ts;
        try {
            ts = Long.parseLong(timestamp == null ? "" : timestamp.strip());
        } catch (NumberFormatException e) {
            throw ApiException.unauthorized("auth_timestamp is missing or not a number");
        }
        // Compared without subtracting ts: now - ts overflows for a timestamp near Long.MIN_VALUE.
        if (ts < nowEpochSeconds - WINDOW_SECONDS || ts > nowEpochSeconds + WINDOW_SECONDS) {
            throw ApiException.unauthorized("auth_timestamp is more than " + WINDOW_SECONDS
                    + " seconds from the server's time (check the clock)");
        }
        if (body.length > 0) {
            String md5 = params.get("body_md5");
            if (md5 == null || !Signatures.matches(Signatures.md5Hex(body), md5.toLowerCase(java.util.Locale.ROOT))) {
                throw ApiException.unauthorized("body_md5 does not match the body");
            }
        }
        String given = params.get("auth_signature");
        if (!Signatures.matches(sign(app.secret(), method, path, params), given == null ? null : given.toLowerCase(java.util.Locale.ROOT))) {
            throw ApiException.unauthorized("Invalid signature: you should have sent HmacSHA256Hex(\""
                    + stringToSign(method, path, params).replace("\n", "\\n") + "\", your_secret_key)");
        }
    }
}
