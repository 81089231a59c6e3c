package dev.reverbj.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reverbj.support.TestApps;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real jar as a process: SIGTERM and {@code reverb restart} close every client with 4200 and the
 * process exits 0 within the shutdown timeout (10 s by default, docs/operations.md).
 */
class GracefulRestartIT {
    private static final Path JAR = Path.of("target", "reverb.jar").toAbsolutePath();
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final Duration DOCUMENTED = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();
    private final List<WsClient> clients = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        clients.forEach(WsClient::close);
        started.forEach(Process::destroyForcibly);
    }

    @Test
    void sigtermClosesEveryClientWith4200AndExitsZero() throws Exception {
        Path config = config();
        int port = freePort();
        Process server = start(config, port);
        connectClients(port, 3);
        long start = System.nanoTime();
        server.destroy(); // SIGTERM
        for (WsClient client : clients) {
            assertEquals(4200, client.awaitClose(DOCUMENTED));
            assertEquals("Server restarting, reconnect now", client.closeReason());
        }
        assertTrue(server.waitFor(DOCUMENTED.toSeconds() + 2, TimeUnit.SECONDS), "server still running");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(0, server.exitValue(), Files.readString(dir.resolve("server-" + port + ".log")));
        assertTrue(millis <= DOCUMENTED.toMillis(), "took " + millis + " ms");
    }

    @Test
    void restartCommandReachesTheServersOfThatConfig() throws Exception {
        Path config = config();
        int port = freePort();
        Process server = start(config, port);
        Process other = start(config(), freePort());
        connectClients(port, 2);

        Process restart = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "restart", "--config", config.toString())
                .redirectErrorStream(true).start();
        started.add(restart);
        assertTrue(restart.waitFor(30, TimeUnit.SECONDS));
        String output = new String(restart.getInputStream().readAllBytes());
        assertEquals(0, restart.exitValue(), output);
        assertTrue(output.contains("restarting Reverb/J pid " + server.pid()), output);
        for (WsClient client : clients) {
            assertEquals(4200, client.awaitClose(DOCUMENTED));
        }
        assertTrue(server.waitFor(5, TimeUnit.SECONDS));
        assertEquals(0, server.exitValue());
        assertTrue(other.isAlive(), "a server of another config was restarted too");

        Process none = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "restart", "--config", config.toString())
                .redirectErrorStream(true).start();
        started.add(none);
        assertTrue(none.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, none.exitValue());
    }

    private Path config() throws IOException {
        Path file = Files.createTempFile(dir, "reverb", ".yaml");
        Files.writeString(file, TestApps.yaml());
        return file;
    }

    private Process start(Path config, int port) throws Exception {
        Process process = new ProcessBuilder(JAVA, "-jar", JAR.toString(), "start", "--config", config.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server-" + port + ".log").toFile())
                .start();
        started.add(process);
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/up")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    // The state file is written right after the port opens.
                    Thread.sleep(200);
                    return process;
                }
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
            assertTrue(process.isAlive(), Files.readString(dir.resolve("server-" + port + ".log")));
        }
        throw new AssertionError("server did not start: " + Files.readString(dir.resolve("server-" + port + ".log")));
    }

    private void connectClients(int port, int n) {
        for (int i = 0; i < n; i++) {
            WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/app/key-1?protocol=7&client=java", null, false);
            client.next("pusher:connection_established");
            client.subscribe("restart-" + i);
            client.next("pusher_internal:subscription_succeeded");
            clients.add(client);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
