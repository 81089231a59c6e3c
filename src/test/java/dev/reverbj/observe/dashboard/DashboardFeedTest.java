package dev.reverbj.observe.dashboard;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's feed and routes over plain HTTP: what a page receives, and what anyone else gets. */
class DashboardFeedTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(TestApps.yaml("accept-client-events-from: all") + """
                    - app-id: app-2
                      key: key-2
                      secret: secret-2
                  dashboard:
                    enabled: true
                    username: ops
                    password: pa55
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String feed() {
        return server.httpBase() + "/dashboard/feed";
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(FeedReader.WAIT);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theFeedStartsWithEveryAppsLast15MinutesThenItsFiguresEverySecond() throws Exception {
        try (FeedReader reader = FeedReader.open(feed(), "ops", "pa55");
             WsClient client = WsClient.connect(server, "key-2")) {
            JsonObject hello = reader.next("hello", h -> true);
            assertEquals(2, hello.getJsonArray("apps").size());
            JsonObject history = hello.getJsonArray("apps").getJsonObject(1).getJsonObject("history");
            assertEquals(900, history.getJsonArray("connections").size());
            assertEquals(900, history.getJsonArray("out").size());
            JsonObject stats = reader.next("stats", s -> s.getJsonArray("apps").getJsonObject(1).getInt("connections") == 1);
            assertEquals("app-2", stats.getJsonArray("apps").getJsonObject(1).getString("id"));
            assertTrue(!stats.getJsonArray("apps").getJsonObject(1).containsKey("cluster"), "no cluster without scaling");
        }
    }

    @Test
    void theConsoleShowsConnectionsSubscriptionsApiMessagesAndClientEventsWithPayloadsCut() throws Exception {
        try (FeedReader reader = FeedReader.open(feed(), "ops", "pa55")) {
            reader.next("hello", h -> true);
            WsClient alice = WsClient.connect(server, "key-1");
            WsClient bob = WsClient.connect(server, "key-1");
            alice.join("feed-news");
            bob.join("feed-news");
            Pusher api = new Pusher("app-1", "key-1", "secret-1");
            api.setHost("127.0.0.1:" + server.port());
            api.setEncrypted(false);
            api.trigger("feed-news", "headline", "y".repeat(1000));
            bob.next("headline");
            alice.send("{\"event\":\"client-cheer\",\"channel\":\"feed-news\",\"data\":{\"volume\":11}}");
            bob.next("client-cheer");
            alice.close();
            String aliceId = alice.socketId();

            reader.line(e -> is(e, "connection", aliceId, null));
            reader.line(e -> is(e, "subscribed", aliceId, "feed-news"));
            JsonObject headline = reader.line(e -> is(e, "api message", null, "feed-news"));
            assertEquals("headline", headline.getString("event"));
            // The Pusher library sends a string as JSON text: 1,000 y's in quotes.
            assertEquals("\"" + "y".repeat(ConsoleEvent.MAX_DATA - 1), headline.getString("data"));
            assertEquals(1002, headline.getInt("size"));
            assertTrue(headline.getBoolean("cut"));
            JsonObject cheer = reader.line(e -> is(e, "client event", aliceId, "feed-news"));
            assertEquals("client-cheer", cheer.getString("event"));
            assertEquals("{\"volume\":11}", cheer.getString("data"));
            assertTrue(!cheer.containsKey("cut"));
            reader.line(e -> is(e, "unsubscribed", aliceId, "feed-news"));
            reader.line(e -> is(e, "disconnection", aliceId, null));
            assertEquals(0, reader.lastDropped());
            bob.close();
        }
    }

    private static boolean is(JsonObject line, String kind, String socket, String channel) {
        return line.getString("kind").equals(kind) && line.getString("app").equals("app-1")
                && (socket == null || socket.equals(line.getString("socket", null)))
                && (channel == null || channel.equals(line.getString("channel", null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Basic b3BzOndyb25n", "Basic bm9ib2R5OnBhNTU=", "Basic %%%not-base64", "Bearer pa55",
            "Basic b3Bz", "basic"})
    void withoutTheRightCredentialsThePageAndTheFeedAnswer401(String authorization) throws Exception {
        for (String url : new String[] {server.httpBase() + "/dashboard", server.httpBase() + "/dashboard/", feed()}) {
            HttpResponse<String> answer = get(url, authorization.isEmpty() ? null : authorization);
            assertEquals(401, answer.statusCode(), url);
            assertEquals(DashboardAuth.CHALLENGE, answer.headers().firstValue("WWW-Authenticate").orElse(""));
            assertTrue(answer.body().startsWith("401 Unauthorized"), answer.body());
        }
    }

    @Test
    void thePageIsOneSelfContainedFileThatLoadsNothingFromElsewhere() throws Exception {
        HttpResponse<String> page = get(server.httpBase() + "/dashboard", FeedReader.basic("ops", "pa55"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<meta name=\"reverb-feed\" content=\"/dashboard/feed\">"));
        assertTrue(!page.body().matches("(?s).*(src=|href=|@import|url\\().*"), "no external asset");
        assertEquals("default-src 'none'; script-src '" + DashboardRoutes.scriptHash(page.body()) + "'; style-src 'unsafe-inline'; "
                + "connect-src 'self'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
                page.headers().firstValue("Content-Security-Policy").orElse(""));
        assertEquals("no-store", page.headers().firstValue("Cache-Control").orElse(""));
    }

    @Test
    void theDashboardIsReadOnly() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "PATCH"}) {
            HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(feed()))
                    .header("Authorization", FeedReader.basic("ops", "pa55"))
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, answer.statusCode(), method);
            assertEquals("GET", answer.headers().firstValue("Allow").orElse(""));
        }
    }

    /**
     * A page whose reader stalls: its console queue fills, later lines are dropped and counted, and clients are
     * served as fast as ever meanwhile; when it reads again it is told how many it lost.
     */
    @Test
    void aPageThatStopsReadingLosesConsoleLinesAndIsToldHowManyWhileClientsAreServed() throws Exception {
        try (Socket page = new Socket();
             WsClient listener = WsClient.connect(server, "key-1")) {
            page.setReceiveBufferSize(4096);
            page.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            page.setSoTimeout(5000);
            OutputStream out = page.getOutputStream();
            out.write(("GET /dashboard/feed HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + FeedReader.basic("ops", "pa55")
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = page.getInputStream();
            byte[] head = new byte[64];
            assertTrue(new String(head, 0, in.read(head), StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200"));
            listener.join("flood-0");
            // Far more console lines than the page's queue and the socket buffers hold (one per channel of each
            // API call), and the page reads none of them.
            Pusher api = new Pusher("app-1", "key-1", "secret-1");
            api.setHost("127.0.0.1:" + server.port());
            api.setEncrypted(false);
            List<String> channels = IntStream.range(0, 100).mapToObj(c -> "flood-" + c).toList();
            int calls = 400;
            for (int i = 0; i < calls; i++) {
                assertEquals(Result.Status.SUCCESS, api.trigger(channels, "flood", i + "z".repeat(ConsoleEvent.MAX_DATA)).getStatus());
            }
            int lines = calls * channels.size();
            for (int i = 0; i < calls; i++) {
                assertTrue(listener.next("flood").getString("data").startsWith("\"" + i + "z"));
            }
            listener.ping();
            listener.next("pusher:pong");
            // Read the stream again until it says it dropped lines.
            Pattern dropped = Pattern.compile("\"dropped\":(\\d+)");
            StringBuilder text = new StringBuilder();
            byte[] buffer = new byte[65536];
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            long lost = 0;
            while (lost == 0 && System.nanoTime() < deadline) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                Matcher m = dropped.matcher(text);
                while (m.find()) {
                    lost = Math.max(lost, Long.parseLong(m.group(1)));
                }
                if (text.length() > 1 << 20) {
                    text.delete(0, text.length() - 4096);
                }
            }
            assertTrue(lost > 0 && lost < lines, "the page was told it lost " + lost + " of " + lines + " lines");
        }
    }

    @Test
    void atMost16PagesAreOpenAtOnceAndAClosedPageFreesItsPlace() throws Exception {
        List<FeedReader> pages = new java.util.ArrayList<>();
        // A server of its own: the places of closed pages come free only at the server's next write to them.
        try (TestServer busy = TestServer.start(TestApps.yaml() + "  dashboard: { enabled: true, username: ops, password: pa55 }\n")) {
            String feed = busy.httpBase() + "/dashboard/feed";
            for (int i = 0; i < DashboardFeed.MAX_VIEWERS; i++) {
                FeedReader page = FeedReader.open(feed, "ops", "pa55");
                pages.add(page);
                page.next("hello", h -> true);
            }
            HttpResponse<String> refused = get(feed, FeedReader.basic("ops", "pa55"));
            assertEquals(503, refused.statusCode());
            assertTrue(refused.body().startsWith("503 Service Unavailable: 16 dashboard pages are open already"));
            pages.remove(0).close();
            // The server notices the page is gone at its next write (figures go out every second).
            long deadline = System.nanoTime() + FeedReader.WAIT.toNanos();
            int status = 503;
            while (status == 503 && System.nanoTime() < deadline) {
                HttpResponse<java.io.InputStream> again = HTTP.send(HttpRequest.newBuilder(URI.create(feed))
                        .header("Authorization", FeedReader.basic("ops", "pa55")).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                status = again.statusCode();
                again.body().close();
                if (status == 503) {
                    Thread.sleep(200);
                }
            }
            assertEquals(200, status);
        } finally {
            pages.forEach(FeedReader::close);
        }
    }

    @Test
    void theDashboardIsOffByDefault() throws Exception {
        try (TestServer plain = TestServer.start(TestApps.yaml())) {
            assertEquals(404, get(plain.httpBase() + "/dashboard", FeedReader.basic("ops", "pa55")).statusCode());
            assertEquals(404, get(plain.httpBase() + "/dashboard/feed", null).statusCode());
        }
    }

    @Test
    void withAMetricsPortTheDashboardIsThereAndNotOnTheMainPort() throws Exception {
        int adminPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            adminPort = free.getLocalPort();
        }
        try (TestServer admin = TestServer.start(TestApps.yaml() + """
                  server:
                    metrics-port: %d
                    path: /realtime
                  dashboard: { enabled: true, username: ops, password: pa55, path: /ops/live }
                """.formatted(adminPort))) {
            String auth = FeedReader.basic("ops", "pa55");
            assertEquals(200, get("http://127.0.0.1:" + adminPort + "/ops/live", auth).statusCode());
            assertEquals(404, get(admin.httpBase() + "/realtime/ops/live", auth).statusCode());
            assertEquals(404, get(admin.httpBase() + "/ops/live", auth).statusCode());
        }
    }

    @Test
    void withoutAMetricsPortTheDashboardIsUnderThePathPrefix() throws Exception {
        try (TestServer prefixed = TestServer.start(TestApps.yaml() + """
                  server: { path: /realtime }
                  dashboard: { enabled: true, username: ops, password: pa55 }
                """, Map.of())) {
            HttpResponse<String> page = get(prefixed.httpBase() + "/realtime/dashboard", FeedReader.basic("ops", "pa55"));
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("content=\"/realtime/dashboard/feed\""));
        }
    }
}
