package dev.reverbj.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            assertEquals("Reverb/J listening on 127.0.0.1:" + port + ", clients connect to ws://127.0.0.1:" + port
                    + "/app/{key}, serving 2 apps: first (key first-key), second (key second-key)", line);
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
    void withNoAppConfiguredStartRefusesWithOneLineAndExit2() {
        try (JarProcess run = JarProcess.start(Map.of(), "start", "--host", "127.0.0.1", "--port", "0")) {
            assertEquals(2, run.exitCode(STARTUP));
            assertEquals(List.of("reverb: no app configured: give --config FILE or --env-file FILE (REVERB_APP_ID, "
                    + "REVERB_APP_KEY, REVERB_APP_SECRET), or --dev to serve the public development app"), run.lines());
        }
    }

    @Test
    void devServesTheDevelopmentAppAndSaysSo() {
        int port = JarProcess.freePort();
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--dev", "--host", "127.0.0.1", "--port",
                Integer.toString(port))) {
            server.awaitLine("Reverb/J listening", STARTUP);
            assertTrue(server.awaitLine("--dev: no app is configured", STARTUP).contains("key reverb-dev-key"));
        }
    }

    @Test
    void theBannerShowsTheBindAddressAndThePublicUrlFromTheLaravelVariables() {
        int port = JarProcess.freePort();
        var env = Map.of("REVERB_APP_ID", "1", "REVERB_APP_KEY", "k", "REVERB_APP_SECRET", "s",
                "REVERB_HOST", "ws.example.com", "REVERB_PORT", "443", "REVERB_SCHEME", "https");
        try (JarProcess server = JarProcess.start(env, "start", "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--path", "/rt")) {
            assertEquals("Reverb/J listening on 127.0.0.1:" + port + ", clients connect to wss://ws.example.com/rt/app/{key}, "
                    + "serving 1 app: 1 (key k)", server.awaitLine("Reverb/J listening", STARTUP));
        }
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--dev", "--host", "0.0.0.0", "--port",
                Integer.toString(port))) {
            assertTrue(server.awaitLine("Reverb/J listening", STARTUP).startsWith("Reverb/J listening on 0.0.0.0:" + port
                    + ", clients connect to ws://localhost:" + port + "/app/{key}, "), server.lines().toString());
        }
    }

    @Test
    void versionNamesTheBuildAndTheJava() {
        try (JarProcess run = JarProcess.start(Map.of(), "--version")) {
            assertEquals(0, run.exitCode(STARTUP));
            assertTrue(run.lines().get(0).matches("Reverb/J \\d+\\.\\d+\\.\\d+\\S* \\(Java \\d+.*\\)"), run.lines().toString());
        }
    }

    @Test
    void configPrintGivesEveryValueWithItsSourceAndHidesSecrets() throws IOException {
        Path yaml = dir.resolve("print.yaml");
        Files.writeString(yaml, "reverb:\n  server: {port: 9000}\n  apps:\n    - { app-id: a, key: k, secret: topsecret }\n");
        try (JarProcess run = JarProcess.start(Map.of("REDIS_URL", "redis://u:hunter2@10.0.0.5:6379/0"), "config", "--print",
                "--config", yaml.toString(), "--host", "127.0.0.1")) {
            assertEquals(0, run.exitCode(STARTUP));
            List<String> lines = run.lines();
            assertTrue(lines.contains("  \"reverb.server.port\": {\"source\": \"" + yaml + "\", \"value\": 9000},"), lines.toString());
            assertTrue(lines.contains("  \"reverb.server.host\": {\"source\": \"--host\", \"value\": \"127.0.0.1\"},"), lines.toString());
            assertTrue(lines.contains("  \"reverb.server.max-request-size\": {\"source\": \"default\", \"value\": 10000},"), lines.toString());
            assertTrue(lines.contains("  \"reverb.apps[0].secret\": {\"source\": \"" + yaml + "\", \"value\": \"<hidden>\"},"), lines.toString());
            assertTrue(lines.contains("  \"reverb.scaling.redis.url\": {\"source\": \"environment variable REDIS_URL\", "
                    + "\"value\": \"redis://u:****@10.0.0.5:6379/0\"},"), lines.toString());
            assertFalse(lines.toString().contains("topsecret") || lines.toString().contains("hunter2"), lines.toString());
            try (var reader = jakarta.json.Json.createReader(new java.io.StringReader(String.join("\n", lines)))) {
                assertEquals(9000, reader.readObject().getJsonObject("reverb.server.port").getInt("value"));
            }
        }
    }

    @Test
    void aBrokenEnvFileIsRefusedNamingLineAndVariable() throws IOException {
        Path env = dir.resolve("broken.env");
        Files.writeString(env, "REVERB_APP_ID=1\nREVERB_APP_KEY\nREVERB_APP_SECRET='abc\n");
        try (JarProcess run = JarProcess.start(Map.of(), "start", "--env-file", env.toString())) {
            assertEquals(2, run.exitCode(STARTUP));
            assertTrue(run.lines().containsAll(List.of(
                    "reverb: invalid configuration: " + env + ":2: REVERB_APP_KEY: has no '=' (write REVERB_APP_KEY=value)",
                    "reverb: invalid configuration: " + env + ":3: REVERB_APP_SECRET: the closing ' is missing")),
                    run.lines().toString());
        }
    }

    @Test
    void aTakenPortWithReverbPortSetHintsAtTheBindPortVariable() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            var env = Map.of("REVERB_APP_ID", "1", "REVERB_APP_KEY", "k", "REVERB_APP_SECRET", "s", "REVERB_PORT", "9999",
                    "REVERB_SERVER_HOST", "127.0.0.1", "REVERB_SERVER_PORT", Integer.toString(taken.getLocalPort()));
            try (JarProcess run = JarProcess.start(env, "start")) {
                assertEquals(1, run.exitCode(STARTUP));
                assertTrue(run.lines().contains("reverb: hint: the server binds port " + taken.getLocalPort()
                        + " (REVERB_SERVER_PORT, --port or reverb.server.port); REVERB_PORT=9999 (environment variable "
                        + "REVERB_PORT) is only the port clients connect to, for example through a proxy"), run.lines().toString());
            }
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
            try (JarProcess run = JarProcess.start(Map.of(), "start", "--dev", "--host", "127.0.0.1", "--port",
                    Integer.toString(taken.getLocalPort()))) {
                assertEquals(1, run.exitCode(STARTUP));
                assertTrue(run.lines().stream().anyMatch(l -> l.startsWith("reverb: cannot start on 127.0.0.1:" + taken.getLocalPort())),
                        run.lines().toString());
                assertFalse(run.lines().stream().anyMatch(l -> l.contains("hint")), "no REVERB_PORT, no hint");
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
