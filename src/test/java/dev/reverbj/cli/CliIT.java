package dev.reverbj.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runnable jar as a user runs it: {@code java -jar target/reverb.jar start ...}. */
class CliIT {
    private static final Duration STARTUP = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void startServesEveryAppOfTheConfigFile() throws Exception {
        Path yaml = dir.resolve("reverb.yaml");
        Files.writeString(yaml, """
                reverb:
                  apps:
                    - { app-id: first, key: first-key, secret: first-secret }
                    - { app-id: second, key: second-key, secret: second-secret }
                """);
        int port = JarProcess.freePort();
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--config", yaml.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port))) {
            String line = server.awaitLine("Reverb/J listening", STARTUP);
            assertEquals("Reverb/J listening on ws://127.0.0.1:" + port + "/app/{key} (bound to 127.0.0.1:" + port
                    + ") serving 2 apps: first (key first-key), second (key second-key)", line);
            for (String key : new String[] {"first-key", "second-key"}) {
                try (WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/app/" + key, null, false)) {
                    client.next("pusher:connection_established");
                }
            }
            HttpResponse<String> up = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/up")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"health\":\"OK\"}", up.body());
        }
    }

    @Test
    void withNoAppConfiguredTheDevelopmentAppIsServedAndAnnounced() {
        int port = JarProcess.freePort();
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--host", "127.0.0.1", "--port", Integer.toString(port))) {
            server.awaitLine("Reverb/J listening", STARTUP);
            assertTrue(server.awaitLine("No app is configured", STARTUP).contains("key reverb-dev-key"));
        }
    }

    @Test
    void envFileAndPathPrefixAreHonoured() throws Exception {
        Path env = dir.resolve(".env");
        int port = JarProcess.freePort();
        Files.writeString(env, """
                REVERB_APP_ID=424242
                REVERB_APP_KEY=envkey
                REVERB_APP_SECRET=envsecret
                REVERB_SERVER_HOST=127.0.0.1
                REVERB_SERVER_PORT=%d
                REVERB_SERVER_PATH=/realtime
                """.formatted(port));
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--env-file", env.toString())) {
            server.awaitLine("serving 1 app: 424242 (key envkey)", STARTUP);
            try (WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/realtime/app/envkey", null, false)) {
                client.next("pusher:connection_established");
            }
        }
    }

    @Test
    void badArgumentsExitWith2AndOneClearLine() {
        try (JarProcess run = JarProcess.start(Map.of(), "start", "--prot", "80")) {
            assertEquals(2, run.exitCode(STARTUP));
            assertEquals("reverb start: unknown option --prot (try 'reverb start --help')", run.lines().get(0));
        }
        try (JarProcess run = JarProcess.start(Map.of(), "start", "--port")) {
            assertEquals(2, run.exitCode(STARTUP));
            assertEquals("reverb start: option --port needs a value (try 'reverb start --help')", run.lines().get(0));
        }
        try (JarProcess run = JarProcess.start(Map.of(), "launch")) {
            assertEquals(2, run.exitCode(STARTUP));
            assertEquals("reverb: unknown command 'launch' (try 'reverb --help')", run.lines().get(0));
        }
    }

    @Test
    void badConfigurationExitsWith2NamingKeyAndSource() throws IOException {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "reverb:\n  apps:\n    - { app-id: a, key: k }\n");
        try (JarProcess run = JarProcess.start(Map.of("REVERB_SERVER_PORT", "http"), "start", "--config", yaml.toString())) {
            assertEquals(2, run.exitCode(STARTUP));
            assertTrue(run.lines().contains("reverb: invalid configuration: reverb.server.port: must be a whole number, got 'http'"
                    + " (environment variable REVERB_SERVER_PORT)"), run.lines().toString());
            assertTrue(run.lines().contains("reverb: invalid configuration: reverb.apps[0].secret: is required but missing (" + yaml + ")"),
                    run.lines().toString());
        }
    }

    @Test
    void helpIsAvailableForEveryCommand() {
        try (JarProcess run = JarProcess.start(Map.of(), "--help")) {
            assertEquals(0, run.exitCode(STARTUP));
            assertTrue(run.lines().contains("Usage: reverb <command> [options]"), run.lines().toString());
        }
        try (JarProcess run = JarProcess.start(Map.of(), "start", "--help")) {
            assertEquals(0, run.exitCode(STARTUP));
            assertTrue(run.lines().contains("Usage: reverb start [options]"), run.lines().toString());
        }
    }

    @Test
    void aTakenPortIsReportedClearly() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            try (JarProcess run = JarProcess.start(Map.of(), "start", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()))) {
                assertEquals(1, run.exitCode(STARTUP));
                assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("reverb: cannot start on 127.0.0.1:" + taken.getLocalPort())),
                        run.lines().toString());
            }
        }
    }

    @Test
    void debugLogsEveryFrameInAndOutWithAppAndSocket() throws Exception {
        Path yaml = dir.resolve("debug.yaml");
        Files.writeString(yaml, "reverb:\n  apps:\n    - { app-id: dbg, key: dbg-key, secret: dbg-secret }\n");
        int port = JarProcess.freePort();
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--config", yaml.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--debug")) {
            server.awaitLine("Reverb/J listening", STARTUP);
            try (WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/app/dbg-key", null, false)) {
                client.next("pusher:connection_established");
                client.ping();
                client.next("pusher:pong");
                String socket = WsClient.dataObject(WsClient.parse(client.frameSeen(0))).getString("socket_id");
                assertTrue(server.awaitLine("app=dbg socket=" + socket + " in  {\"event\":\"pusher:ping\"", STARTUP) != null);
                assertTrue(server.awaitLine("app=dbg socket=" + socket + " out {\"event\":\"pusher:pong\"", STARTUP) != null);
                assertTrue(server.awaitLine("app=dbg socket=" + socket + " out {\"event\":\"pusher:connection_established\"",
                        STARTUP) != null);
            }
        }
    }
}
