package dev.reverbj.api;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.reverbj.protocol.Signatures;

/** Signs API requests for tests that send what the official library would not. */
public final class ApiSigning {
    private ApiSigning() {
    }

    /** The query parameters of a correctly signed request, auth_signature included. */
    public static Map<String, String> signed(String key, String secret, String method, String path, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("auth_key", key);
        params.put("auth_timestamp", Long.toString(System.currentTimeMillis() / 1000));
        params.put("auth_version", "1.0");
        if (!body.isEmpty()) {
            params.put("body_md5", Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8)));
        }
        params.put("auth_signature", RequestSignature.sign(secret, method, path, params));
        return params;
    }
}
