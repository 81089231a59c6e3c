package dev.reverbj.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rendered nginx site in front of the real server: WebSockets, the HTTP API and /up all pass through.
 * nginx is rendered for a target big enough to spread upstream connections over several 127.0.0.x source
 * addresses, so that path is exercised too.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NginxProxyIT {
    private static Path tmp;
    private static Process server;
    private static Process nginx;
    private static int serverPort;
    private static int nginxPort;
    private static Path nginxPrefix;

    @BeforeAll
    static void startServerAndNginx() throws Exception {
        Path nginxBinary = RenderScript.nginx();
        assumeTrue(nginxBinary != null, "nginx is not installed (CI installs it)");
        tmp = Files.createTempDirectory("nginx-proxy-it");
        serverPort = RenderScript.freePort();
        nginxPort = RenderScript.freePort();
        Path config = ReverbProcess.writeConfig(tmp, serverPort);
        Path serverLog = tmp.resolve("server.log");
        server = ReverbProcess.start(List.of(ReverbProcess.java(), "-jar", ReverbProcess.JAR.toString(), "start",
                "--config", config.toString(), "--host", "127.0.0.1", "--port", String.valueOf(serverPort)), serverLog);

        // 100,000 connections need ceil(125,000 / 55,296) = 3 upstream source addresses.
        Path out = tmp.resolve("out");
        RenderScript.Run run = RenderScript.render(out, "--config", config.toString(), "--connections", "100000",
                "--listen", "127.0.0.1:" + nginxPort, "--server-name", "localhost");
        assertEquals(0, run.exit(), run.stderr());
        assertTrue(run.file("nginx/reverb-site.conf").contains("proxy_bind $reverbj_upstream_source;"));
        // The rendered files are used as they are. Their worker_rlimit_nofile is above the hard limit of this
        // machine: the worker logs that setrlimit failed and keeps the limit it has, which a test can live with.

        nginxPrefix = Files.createDirectories(tmp.resolve("nginx"));
        Path conf = RenderScript.nginxMainConf(nginxPrefix, out);
        Path nginxLog = nginxPrefix.resolve("stdout.log");
        nginx = ReverbProcess.start(List.of(nginxBinary.toString(), "-p", nginxPrefix.toString(), "-c", conf.toString(),
                "-e", nginxPrefix.resolve("logs/error.log").toString(), "-g", "daemon off;"), nginxLog);

        ReverbProcess.awaitUp("http://127.0.0.1:" + serverPort + "/up", 30, server, serverLog);
        ReverbProcess.awaitUp("http://127.0.0.1:" + nginxPort + "/up", 10, nginx, nginxLog);
    }

    @AfterAll
    static void stopAll() {
        String serverLog = "";
        try {
            ReverbProcess.stop(nginx);
            ReverbProcess.stop(server);
            serverLog = ReverbProcess.read(tmp.resolve("server.log"));
        } finally {
            RenderScript.deleteTree(tmp);
        }
        ReverbProcess.assertNoSevere(serverLog);
    }

    @Test
    void healthCheckPassesThroughNginx() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nginxPort + "/up")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        assertEquals("{\"health\":\"OK\"}", r.body());
    }

    @Test
    void webSocketSubscriptionWorksThroughNginx() throws Exception {
        try (WsClient client = WsClient.open(viaNginx() + "?protocol=7", null, false)) {
            client.next("pusher:connection_established");
            client.subscribe("ops-sub");
            assertEquals("{\"event\":\"pusher_internal:subscription_succeeded\",\"channel\":\"ops-sub\",\"data\":\"{}\"}",
                    client.nextRaw());
        }
    }

    @Test
    void upstreamConnectionsComeFromTheSpreadSourceAddresses() throws Exception {
        // Open a few sockets, then ask the kernel which local addresses nginx used towards the server.
        List<WsClient> clients = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                WsClient c = WsClient.open(viaNginx(), null, false);
                c.next("pusher:connection_established");
                clients.add(c);
            }
            java.util.Set<String> sources = new java.util.TreeSet<>();
            String peer = String.format("0100007F:%04X", serverPort); // 127.0.0.1:port in /proc/net/tcp
            try (var in = Files.newInputStream(Path.of("/proc/net/tcp"))) {
                for (String line : new String(in.readAllBytes()).split("\n")) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[2].equals(peer) && f[3].equals("01")) {
                        sources.add(f[1].substring(0, 8));
                    }
                }
            }
            // 02/03/04 00 00 7F little-endian = 127.0.0.2..4; 12 random picks over 3 addresses use at least 2.
            assertTrue(sources.size() >= 2 && sources.stream().allMatch(s -> s.matches("0[234]00007F")),
                    "upstream source addresses: " + sources);
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void eventPublishedThroughNginxReachesTheWebSocketClient() throws Exception {
        try (WsClient client = WsClient.open(viaNginx() + "?protocol=7", null, false);
             Pusher pusher = new Pusher(ReverbProcess.APP_ID, ReverbProcess.APP_KEY, ReverbProcess.APP_SECRET)) {
            client.next("pusher:connection_established");
            client.join("ops-test");

            pusher.setHost("127.0.0.1:" + nginxPort);
            pusher.setEncrypted(false);
            pusher.setRequestTimeout(5000);
            // The default marshaller JSON-encodes the data object ("hello" -> "\"hello\""); send it as is.
            pusher.setDataMarshaller(data -> (String) data);
            Result result = pusher.trigger("ops-test", "e", "hello");
            assertEquals(Result.Status.SUCCESS, result.getStatus(),
                    "POST /apps/" + ReverbProcess.APP_ID + "/events through nginx: " + result.getHttpStatus() + " " + result.getMessage());
            assertEquals("{\"event\":\"e\",\"channel\":\"ops-test\",\"data\":\"hello\"}", client.nextRaw());
        }
    }

    private static String viaNginx() {
        return "ws://127.0.0.1:" + nginxPort + "/app/" + ReverbProcess.APP_KEY;
    }
}
