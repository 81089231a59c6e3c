package dev.reverbj.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;

import com.pusher.rest.Pusher;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.support.LogCapture;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the HTTP side answers to careless and hostile requests: HTTP/1.0, {@code Connection: close}, duplicate
 * query parameters, JSON nested without end, a timestamp chosen to overflow the window check, and Reverb's
 * lenient {@code info=user_count} channel list.
 */
class HttpEdgeCasesTest {
    private static final AppConfig APP = AppConfig.withDefaults("edge", "edge-key", "edge-secret");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: edge, key: edge-key, secret: edge-secret }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void http10RequestIsAnsweredWithAStatusAndAMessage() throws IOException {
        String response = exchange("GET /up HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 505 "), response);
        assertTrue(response.contains("HTTP 1.0 is not supported"), response);
    }

    @Test
    void connectionCloseIsHonoured() throws IOException {
        String response = exchange("GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(response.startsWith("HTTP/1.1 200 "), response);
        assertTrue(response.endsWith("{\"health\":\"OK\"}"), response);
    }

    @Test
    void duplicateQueryParametersGet400() throws Exception {
        String path = "/apps/edge/connections";
        Map<String, String> params = ApiSigning.signed("edge-key", "edge-secret", "GET", path, "");
        String query = params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"))
                + "&auth_key=someone-else";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.httpBase() + path + "?" + query))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("auth_key"), response.body());
    }

    @Test
    void deeplyNestedBodyGets400WithAReason() throws Exception {
        String body = "{\"name\":\"e\",\"channel\":\"c\",\"data\":" + "[".repeat(2_000) + "]".repeat(2_000) + "}";
        HttpResponse<String> response = signed("POST", "/apps/edge/events", body);
        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.body().contains("nested"), response.body());
    }

    @Test
    void timestampThatWouldOverflowTheWindowCheckGets401() throws Exception {
        String body = "{\"name\":\"e\",\"data\":\"d\",\"channel\":\"c\"}";
        long now = System.currentTimeMillis() / 1000;
        for (long timestamp : new long[] {now - Long.MIN_VALUE, now + Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE}) {
            Map<String, String> params = new LinkedHashMap<>();
            params.put("auth_key", "edge-key");
            params.put("auth_timestamp", Long.toString(timestamp));
            params.put("auth_version", "1.0");
            params.put("body_md5", Signatures.md5Hex(body.getBytes(StandardCharsets.UTF_8)));
            params.put("auth_signature", RequestSignature.sign("edge-secret", "POST", "/apps/edge/events", params));
            HttpResponse<String> response = send("POST", "/apps/edge/events", params, body);
            assertEquals(401, response.statusCode(), timestamp + " -> " + response.body());
            assertTrue(response.body().contains("auth_timestamp"), response.body());
        }
    }

    @Test
    void channelListWithUserCountAndNoPrefixCountsPresenceChannelsOnly() throws Exception {
        try (WsClient member = WsClient.connect(server, "edge-key"); WsClient plain = WsClient.connect(server, "edge-key")) {
            member.joinPresence("presence-lenient", "{\"user_id\":\"u1\"}", APP);
            plain.join("lenient");
            Pusher pusher = new Pusher("edge", "edge-key", "edge-secret");
            pusher.setHost("127.0.0.1:" + server.port());
            var result = pusher.get("/channels", Map.of("info", "user_count"));
            assertEquals(200, result.getHttpStatus(), result.getMessage());
            assertEquals("{\"channels\":{\"lenient\":{},\"presence-lenient\":{\"user_count\":1}}}", result.getMessage());
            pusher.close();
        }
    }

    @Test
    void malformedRequestsGetAnAnswerAndNoStackTraceInTheLog() throws IOException {
        String[] requests = {
            "GARBAGE\r\n\r\n",
            "GET /up HTTP/1.1\r\nHost\r\n\r\n",
            "POST /apps/edge/events HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\nConnection: close\r\n\r\n",
            "POST /apps/edge/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "ZZ\r\n{}\r\n0\r\n\r\n",
            "GET /apps/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /apps/edge/channels?info=%ZZ&x=%e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /apps/edge/channels?=&&=x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /up HTTP/2.0\r\nHost: x\r\n\r\n",
            "GET /app/edge-key HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        };
        try (LogCapture log = LogCapture.attach(Level.INFO)) {
            for (String request : requests) {
                String response;
                long started = System.nanoTime();
                try {
                    response = exchange(request);
                } catch (AssertionError e) {
                    throw new AssertionError(request.substring(0, Math.min(120, request.length())).replace("\r\n", " | ")
                            + ": " + e.getMessage());
                }
                String line = response.lines().findFirst().orElse("");
                assertTrue(response.isEmpty() || line.matches("HTTP/1.1 (4\\d\\d|505) .*"),
                        request.substring(0, Math.min(80, request.length())) + " -> " + response);
            }
            assertTrue(log.records().stream().allMatch(r -> r.getThrown() == null), log.summary());
            assertTrue(log.records().size() <= 2, log.summary());
        }
    }

    /** Writes a raw request and reads until the server closes the socket (5 s at most). */
    private static String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                    read.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept the socket open after answering: " + read.toString(StandardCharsets.UTF_8));
            }
            return read.toString(StandardCharsets.UTF_8);
        }
    }

    private static HttpResponse<String> signed(String method, String path, String body) throws Exception {
        return send(method, path, ApiSigning.signed("edge-key", "edge-secret", method, path, body), body);
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> params, String body) throws Exception {
        return ApiSigning.send(server, method, path, params, body);
    }
}
