package dev.reverbj.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import dev.reverbj.protocol.Signatures;
import dev.reverbj.support.TestServer;

/** Signs API requests for tests that send what the official library would not. */
public final class ApiSigning {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
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

    /** Sends a JSON request with exactly these query parameters (values as given, not escaped). */
    public static HttpResponse<String> send(TestServer server, String method, String path, Map<String, String> params,
                                            String body) throws IOException, InterruptedException {
        String query = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpBase() + path + "?" + query))
                .header("Content-Type", "application/json")
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
