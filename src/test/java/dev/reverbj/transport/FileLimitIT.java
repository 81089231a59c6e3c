package dev.reverbj.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that reaches its open-file limit refuses further clients with 4100 and stays up. Helidon's
 * listener would otherwise die on the first accept() that fails with "Too many open files" (found by the
 * capacity benchmark), dropping every client.
 */
class FileLimitIT {
    @TempDir
    Path dir;

    private static int upStatus(int port, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/up"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("/up did not answer within " + wait, e);
                }
                Thread.sleep(200);
            }
        }
    }

    @Test
    void clientsBeyondTheOpenFileLimitGet4100AndTheServerStaysUp() throws Exception {
        Path yaml = dir.resolve("reverb.yaml");
        Files.writeString(yaml, "reverb:\n  apps:\n    - { app-id: full, key: full-key, secret: full-secret }\n");
        int port = JarProcess.freePort();
        List<WsClient> clients = new ArrayList<>();
        try (JarProcess server = JarProcess.startWithFileLimit(1200, "start", "--config", yaml.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port))) {
            String budget = server.awaitLine("open-file limit 1200", Duration.ofSeconds(20));
            Matcher m = Pattern.compile("at most (\\d+) WebSocket connections").matcher(budget.replace(",", ""));
            assertTrue(m.find(), budget);
            int capacity = Integer.parseInt(m.group(1));
            assertTrue(capacity > 100 && capacity < 1200, budget);
            server.awaitLine("Reverb/J listening", Duration.ofSeconds(20));
            String url = "ws://127.0.0.1:" + port + "/app/full-key";
            for (int i = 0; i < capacity; i++) {
                WsClient client = WsClient.open(url, null, false);
                client.next("pusher:connection_established");
                clients.add(client);
            }
            for (int i = 0; i < 20; i++) {
                try (WsClient refused = WsClient.open(url, null, false)) {
                    JsonObject error = WsClient.dataObject(refused.next("pusher:error"));
                    assertEquals(4100, error.getInt("code"));
                    assertEquals(4100, refused.awaitClose(WsClient.WAIT));
                }
            }
            // Far more sockets than the process has files: without a cap on accepted sockets the first accept()
            // that fails with EMFILE stops Helidon's listener for good and every client is dropped.
            List<java.net.Socket> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 900; i++) {
                    flood.add(new java.net.Socket("127.0.0.1", port));
                }
                Thread.sleep(500);
            } finally {
                for (java.net.Socket socket : flood) {
                    socket.close();
                }
            }
            assertEquals(200, upStatus(port, Duration.ofSeconds(15)));
            // Everyone already connected is still served, and a freed place can be taken again.
            clients.get(0).ping();
            clients.get(0).next("pusher:pong");
            clients.remove(clients.size() - 1).close();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (true) {
                try (WsClient again = WsClient.open(url, null, false)) {
                    String first = again.nextRaw();
                    if (first.contains("pusher:connection_established")) {
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, "no place freed within 10 s: " + first);
                    Thread.sleep(200);
                }
            }
        } finally {
            clients.forEach(WsClient::close);
        }
    }

    @Test
    void idleSocketsThatNeverSendARequestAreShedSoUpAndNewClientsAreServed() throws Exception {
        Path yaml = dir.resolve("reverb.yaml");
        // A long request-timeout: only shedding can free the places here.
        Files.writeString(yaml, "reverb:\n  server: { request-timeout: 600 }\n  apps:\n"
                + "    - { app-id: full, key: full-key, secret: full-secret }\n");
        int port = JarProcess.freePort();
        List<java.net.Socket> idle = new ArrayList<>();
        try (JarProcess server = JarProcess.startWithFileLimit(1200, "start", "--config", yaml.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port))) {
            server.awaitLine("Reverb/J listening", Duration.ofSeconds(20));
            // More idle sockets than the listener accepts: they hold every place until some are shed.
            for (int i = 0; i < 900; i++) {
                idle.add(new java.net.Socket("127.0.0.1", port));
            }
            assertEquals(200, upStatus(port, Duration.ofSeconds(15)));
            try (WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/app/full-key", null, false)) {
                client.next("pusher:connection_established");
                client.ping();
                client.next("pusher:pong");
            }
        } finally {
            for (java.net.Socket socket : idle) {
                socket.close();
            }
        }
    }
}
