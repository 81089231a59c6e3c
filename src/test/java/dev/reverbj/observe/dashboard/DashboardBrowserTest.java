package dev.reverbj.observe.dashboard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboard in a real browser (Debian's headless chromium) against a real server with real traffic:
 * WebSocket clients, presence members, a refused socket, a client event and an event published through the
 * signed HTTP API. Asserts on what the page shows, and saves target/dashboard.png (docs/dashboard.png is a copy).
 */
class DashboardBrowserTest {
    private static final String USER = "admin";
    private static final String PASSWORD = "correct horse battery staple";
    private static TestServer server;
    private static DashboardBrowser browser;
    private static final List<WsClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        server = TestServer.start(TestApps.yaml("max-connections: 5") + """
                  dashboard:
                    enabled: true
                    username: %s
                    password: %s
                """.formatted(USER, PASSWORD));
        browser = DashboardBrowser.start();
    }

    @AfterAll
    static void stop() {
        clients.forEach(WsClient::close);
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static String page() {
        return server.httpBase() + "/dashboard";
    }

    private static WsClient client() {
        WsClient client = WsClient.connect(server, "key-1");
        clients.add(client);
        return client;
    }

    @Test
    void thePageShowsLiveCountsChannelsCodesAndTheEventsPublishedThroughTheApi() throws Exception {
        browser.credentials(USER, PASSWORD);
        browser.open(page());
        browser.await("the feed connected", () -> browser.text("#status").equals("live"), () -> browser.text("#status"));
        browser.await("0 connections", () -> browser.text("#connections").equals("0"), () -> browser.text("#connections"));

        WsClient alice = client();
        WsClient bob = client();
        WsClient carol = client();
        for (WsClient c : List.of(alice, bob, carol)) {
            c.join("orders");
        }
        alice.joinPresence("presence-lobby", "{\"user_id\":\"1\",\"user_info\":{\"name\":\"Alice\"}}", TestApps.MAIN);
        bob.joinPresence("presence-lobby", "{\"user_id\":\"2\",\"user_info\":{\"name\":\"Bob\"}}", TestApps.MAIN);
        alice.joinPrivate("private-chat", TestApps.MAIN);
        bob.joinPrivate("private-chat", TestApps.MAIN);
        client();
        WsClient leaving = client();
        // The app allows 5 connections: the sixth is refused with 4004.
        WsClient refused = WsClient.open(server.wsUrl("key-1"), null, false);
        assertEquals(4004, refused.awaitClose(WsClient.WAIT));

        browser.await("5 connections", () -> browser.text("#connections").equals("5"), () -> browser.text("#connections"));
        browser.await("orders with 3 subscribers on top",
                () -> browser.text("#top-channels tbody tr:first-child").equals("orders 3"),
                () -> browser.text("#top-channels tbody"));
        browser.await("presence-lobby with 2 members", () -> browser.text("#presence tbody").contains("presence-lobby 2"),
                () -> browser.text("#presence tbody"));
        browser.await("the 4004 refusal", () -> browser.text("#codes tbody").contains("refused 4004 over connection quota 1"),
                () -> browser.text("#codes tbody"));

        leaving.close();
        browser.await("4 connections", () -> browser.text("#connections").equals("4"), () -> browser.text("#connections"));
        browser.await("the client's 1000 close", () -> browser.text("#codes tbody").contains("closed 1000 closed normally 1"),
                () -> browser.text("#codes tbody"));

        Pusher api = new Pusher("app-1", "key-1", "secret-1");
        api.setHost("127.0.0.1:" + server.port());
        api.setEncrypted(false);
        String longText = "x".repeat(300);
        Result result = api.trigger("orders", "order-shipped", Map.of("id", 42, "note", longText));
        assertEquals(Result.Status.SUCCESS, result.getStatus(), result.getMessage());
        alice.next("order-shipped");
        alice.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"user\":\"alice\"}}");
        bob.next("client-typing");

        browser.await("the API event in the console",
                () -> browser.text("#console tbody").contains("api message orders order-shipped"),
                () -> browser.text("#console tbody"));
        browser.await("the client event on top of the console",
                () -> browser.text("#console tbody tr:first-child").startsWith(browser.text("#console tbody tr:first-child td.time")
                        + " client event private-chat client-typing " + alice.socketId()),
                () -> browser.text("#console tbody"));
        String shipped = browser.text("#console tbody tr:nth-child(2)");
        assertTrue(shipped.contains("{\"id\":42,\"note\":\"xxx") || shipped.contains("{\"note\":\"xxx"), shipped);
        // {"id":42,"note":"xxx…"} is 319 bytes: the console shows its first 200 characters and says how big it was.
        assertTrue(shipped.endsWith("… (319 bytes)"), shipped);
        assertEquals(200, shipped.substring(shipped.indexOf('{'), shipped.indexOf(" … (")).length(), shipped);
        assertTrue(browser.text("#console tbody").contains("subscribed presence-lobby"), browser.text("#console tbody"));
        browser.await("messages out counted", () -> !browser.text("#msgs-out-sub").equals("peak 15 min: 0"),
                () -> browser.text("#msgs-out-sub"));

        browser.type("#filter-event", "typing");
        browser.await("only the client event", () -> browser.text("#console tbody").contains("client-typing")
                && !browser.text("#console tbody").contains("order-shipped"), () -> browser.text("#console tbody"));
        browser.type("#filter-event", "");
        browser.type("#filter-channel", "orders");
        browser.await("only events of orders", () -> browser.text("#console tbody").contains("order-shipped")
                && !browser.text("#console tbody").contains("client-typing"), () -> browser.text("#console tbody"));
        browser.type("#filter-channel", "");
        browser.await("every event again", () -> browser.text("#console tbody").contains("client-typing")
                && browser.text("#console tbody").contains("order-shipped"), () -> browser.text("#console tbody"));

        // Steady traffic for a few seconds: the per-second rates move while it lasts.
        browser.choose("#window", "60");
        long until = System.nanoTime() + 6_000_000_000L;
        int sent = 0;
        while (System.nanoTime() < until) {
            api.trigger("orders", "price-changed", Map.of("sku", "A-" + sent, "price", 10 + sent % 7));
            alice.send("{\"event\":\"client-typing\",\"channel\":\"private-chat\",\"data\":{\"n\":" + sent + "}}");
            sent++;
            Thread.sleep(40);
        }
        int published = sent;
        browser.await("messages out per second", () -> lastNumber(browser.text("#msgs-out-sub")) >= 15, () -> browser.text("#msgs-out-sub") + " after " + published + " events to 3 subscribers");
        assertEquals("0", browser.text("#dropped"));

        Path shot = Path.of("target", "dashboard.png");
        browser.screenshot(shot);
        assertTrue(Files.size(shot) > 10_000, "a screenshot of the whole page");
    }

    /** The number at the end of a text like "peak 15 min: 75". */
    private static int lastNumber(String text) {
        return Integer.parseInt(text.substring(text.lastIndexOf(' ') + 1));
    }

    @Test
    void aWrongPasswordIsRefusedWith401() throws Exception {
        browser.credentials(USER, "wrong password");
        try {
            browser.statusOf(page());
            browser.open(page());
            assertEquals(401, browser.statusOf(page()), "the status chromium received for the page");
            assertFalse(browser.bodyText().contains("Event console"), browser.bodyText());
        } finally {
            browser.credentials(USER, PASSWORD);
        }
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page() + "/feed"))
                .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, answer.statusCode());
        assertEquals("Basic realm=\"Reverb/J dashboard\", charset=\"UTF-8\"",
                answer.headers().firstValue("WWW-Authenticate").orElse(""));
    }
}
