package dev.reverbj.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Precedence (embedded < --config < --env-file < environment < flags) and validation messages. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void embeddedDefaultsServeTheDevelopmentAppOnPort8080() {
        ReverbConfig config = ConfigLoader.load(null, null, Map.of(), Map.of());
        assertEquals("0.0.0.0", config.server().host());
        assertEquals(8080, config.server().port());
        assertEquals(10_000, config.server().maxRequestSize());
        assertTrue(config.usingDefaultApp());
        assertEquals(ConfigLoader.DEFAULT_APP_KEY, config.apps().get(0).key());
    }

    @Test
    void yamlFileDefinesSeveralAppsWithAllSettings() throws IOException {
        Path yaml = write("reverb.yaml", """
                reverb:
                  server: { host: 127.0.0.1, port: 9000, path: /ws, hostname: ws.example.com, max-request-size: 5000, backlog: 8192 }
                  apps:
                    - app-id: one
                      key: key-one
                      secret: secret-one
                      allowed-origins: ["*.example.com", "example.com"]
                      ping-interval: 20
                      activity-timeout: 15
                      max-connections: 100
                      max-message-size: 2000
                      accept-client-events-from: all
                      rate-limiting: { enabled: true, max-attempts: 10, decay-seconds: 5, terminate-on-limit: true }
                    - app-id: two
                      key: key-two
                      secret: secret-two
                """);
        ReverbConfig config = ConfigLoader.load(yaml, null, Map.of(), Map.of());
        assertEquals(new ServerConfig("127.0.0.1", 9000, "/ws", "ws.example.com", 5000, 4 << 20, false, null, null,
                ServerConfig.DEFAULT_SHUTDOWN_TIMEOUT, 0, 8192), config.server());
        AppConfig one = config.apps().get(0);
        assertEquals(List.of("*.example.com", "example.com"), one.allowedOrigins());
        assertEquals(Duration.ofSeconds(20), one.pingInterval());
        assertEquals(15, one.activityTimeout());
        assertEquals(100, one.maxConnections());
        assertEquals(2000, one.maxMessageSize());
        assertEquals(ClientEventsPolicy.ALL, one.acceptClientEventsFrom());
        assertEquals(new RateLimit(true, 10, 5, true), one.rateLimiting());
        AppConfig two = config.apps().get(1);
        assertEquals(List.of("*"), two.allowedOrigins());
        assertEquals(ClientEventsPolicy.MEMBERS, two.acceptClientEventsFrom());
        assertFalse(config.usingDefaultApp());
    }

    @Test
    void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
        Path yaml = write("reverb.yaml", """
                reverb:
                  server: { host: 10.0.0.1, port: 9000 }
                """);
        ReverbConfig config = ConfigLoader.load(yaml, null, Map.of("port", "9002"),
                Map.of("REVERB_SERVER_HOST", "127.0.0.2", "REVERB_SERVER_PORT", "9001", "REVERB_HOST", "ws.test"));
        assertEquals("127.0.0.2", config.server().host());
        assertEquals(9002, config.server().port());
        assertEquals("ws.test", config.server().hostname());
    }

    @Test
    void laravelEnvFileDescribesTheAppAndRealEnvironmentWins() throws IOException {
        Path env = write(".env", """
                # Laravel
                APP_NAME="My App"
                export REVERB_APP_ID=123456
                REVERB_APP_KEY='literal ${NOT_EXPANDED}'
                REVERB_APP_SECRET="s3cret-${APP_SUFFIX}"   # inline comment is not part of a quoted value
                REVERB_APP_PING_INTERVAL=30 # seconds
                REVERB_APP_ACCEPT_CLIENT_EVENTS_FROM=none
                REVERB_APP_RATE_LIMITING_ENABLED=true
                REVERB_APP_RATE_LIMITING_MAX_ATTEMPTS=7
                REVERB_SERVER_PORT=7000
                APP_SUFFIX=too-late
                """);
        ReverbConfig config = ConfigLoader.load(null, env, Map.of(),
                Map.of("APP_SUFFIX", "from-env", "REVERB_SERVER_PORT", "7001"));
        AppConfig app = config.apps().get(0);
        assertEquals("123456", app.id());
        assertEquals("literal ${NOT_EXPANDED}", app.key());
        assertEquals("s3cret-from-env", app.secret());
        assertEquals(Duration.ofSeconds(30), app.pingInterval());
        assertEquals(ClientEventsPolicy.NONE, app.acceptClientEventsFrom());
        assertEquals(new RateLimit(true, 7, 60, false), app.rateLimiting());
        assertEquals(7001, config.server().port());
        assertFalse(config.usingDefaultApp());
    }

    @Test
    void environmentAppOverridesTheYamlAppWithTheSameId() throws IOException {
        Path yaml = write("reverb.yaml", """
                reverb:
                  apps:
                    - { app-id: shared, key: yaml-key, secret: yaml-secret, max-connections: 5 }
                    - { app-id: other, key: other-key, secret: other-secret }
                """);
        ReverbConfig config = ConfigLoader.load(yaml, null, Map.of(),
                Map.of("REVERB_APP_ID", "shared", "REVERB_APP_SECRET", "env-secret"));
        assertEquals(2, config.apps().size());
        assertEquals("yaml-key", config.apps().get(0).key());
        assertEquals("env-secret", config.apps().get(0).secret());
        assertEquals(5, config.apps().get(0).maxConnections());
    }

    @Test
    void everyProblemIsReportedWithItsKeyAndFile() throws IOException {
        Path yaml = write("bad.yaml", """
                reverb:
                  server: { port: eighty }
                  apps:
                    - { app-id: a, key: k }
                    - { app-id: b, key: k2, secret: s, max-connections: -1, accept-client-events-from: everyone }
                    - { app-id: b, key: k3, secret: s, ping-interval: 0 }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, null, Map.of(), Map.of()));
        List<String> problems = e.problems();
        assertTrue(problems.contains("reverb.server.port: must be a whole number, got 'eighty' (" + yaml + ")"), problems.toString());
        assertTrue(problems.contains("reverb.apps[0].secret: is required but missing (" + yaml + ")"), problems.toString());
        assertTrue(problems.contains("reverb.apps[1].max-connections: must be between 0 and 2147483647, got -1 (" + yaml + ")"),
                problems.toString());
        assertTrue(problems.contains("reverb.apps[1].accept-client-events-from: must be one of members, all, none; got 'everyone' ("
                + yaml + ")"), problems.toString());
        assertTrue(problems.contains("reverb.apps[2].ping-interval: must be between 1 and 86400, got 0 (" + yaml + ")"),
                problems.toString());
    }

    @Test
    void duplicateAppsAfterAppsWithProblemsAreNamedByTheirOwnSource() throws IOException {
        Path first = write("first.yaml", """
                reverb:
                  apps:
                    - { app-id: a1, key: k1 }
                    - { key: k2, secret: s }
                """);
        Path second = write("second.yaml", """
                reverb:
                  apps:
                    - { app-id: a1, key: k1 }
                    - { key: k2, secret: s }
                    - { app-id: a3, key: k3, secret: s }
                    - { app-id: a3, key: k4, secret: s }
                """);
        assertThrows(ConfigException.class, () -> ConfigLoader.load(first, null, Map.of(), Map.of()));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(second, null, Map.of(), Map.of()));
        assertEquals(List.of("reverb.apps[0].secret: is required but missing (" + second + ")",
                "reverb.apps[1].app-id: is required but missing (" + second + ")",
                "reverb.apps: app-id 'a3' is used by more than one app (" + second + ")"), e.problems());
    }

    @Test
    void duplicateIdsAndKeysAreRefused() throws IOException {
        Path yaml = write("dup.yaml", """
                reverb:
                  apps:
                    - { app-id: a, key: k, secret: s }
                    - { app-id: a, key: k, secret: s }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, null, Map.of(), Map.of()));
        assertEquals(List.of("reverb.apps: app-id 'a' is used by more than one app (" + yaml + ")",
                "reverb.apps: key 'k' is used by more than one app (" + yaml + ")"), e.problems());
    }

    @Test
    void unreadableFilesAreNamed() {
        Path missing = dir.resolve("missing.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing, null, Map.of(), Map.of()));
        assertEquals(List.of("--config " + missing + ": the file does not exist or cannot be read"), e.problems());
        ConfigException env = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, dir.resolve("nope.env"), Map.of(), Map.of()));
        assertTrue(env.problems().get(0).startsWith("--env-file " + dir.resolve("nope.env") + ": cannot read"));
    }

    @Test
    void invalidYamlIsReported() throws IOException {
        Path yaml = write("broken.yaml", "reverb:\n  apps: [\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, null, Map.of(), Map.of()));
        assertTrue(e.problems().get(0).startsWith("--config " + yaml + ": not valid YAML"), e.problems().toString());
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, null, Map.of(), Map.of("REVERB_SERVER_PORT", "99999")));
        assertEquals(List.of("reverb.server.port: must be between 0 and 65535, got 99999 (environment variable REVERB_SERVER_PORT)"),
                e.problems());
    }

    @Test
    void handoverIsOffUnlessItsTimeoutIsSet() {
        assertFalse(ConfigLoader.load(null, null, Map.of(), Map.of()).server().handover());
        ServerConfig on = ConfigLoader.load(null, null, Map.of(), Map.of("REVERB_SERVER_HANDOVER_TIMEOUT", "45")).server();
        assertTrue(on.handover());
        assertEquals(Duration.ofSeconds(45), on.handoverTimeout());
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, null, Map.of(), Map.of("REVERB_SERVER_HANDOVER_TIMEOUT", "-1")));
        assertEquals(List.of("reverb.server.handover-timeout: must be between 0 and 3600, got -1 "
                + "(environment variable REVERB_SERVER_HANDOVER_TIMEOUT)"), e.problems());
    }

    @Test
    void unknownKeysAreWarnedAbout() throws IOException {
        Path yaml = write("typo.yaml", """
                reverb:
                  apps:
                    - { app-id: a, key: k, secret: s, alowed-origins: ["x"] }
                """);
        ReverbConfig config = ConfigLoader.load(yaml, null, Map.of(), Map.of());
        assertEquals(List.of("unknown key reverb.apps.0.alowed-origins.0 in " + yaml + " (ignored)"), config.warnings());
    }

    @Test
    void aYamlFileWithoutTheReverbRootIsRefusedNamingFileAndLine() throws IOException {
        Path yaml = write("rootless.yaml", """
                # settings
                server: {port: 9000}
                apps:
                  - { app-id: a, key: k, secret: s }
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, null, Map.of(), Map.of()));
        assertEquals(List.of(yaml + ":2: no 'reverb:' root (top-level keys: server, apps); every setting goes under "
                + "reverb:, see README.md"), e.problems());
    }

    @Test
    void otherTopLevelKeysBesideTheRootAreWarnedAbout() throws IOException {
        Path yaml = write("extra.yaml", "reverb:\n  apps:\n    - { app-id: a, key: k, secret: s }\nlaravel:\n  x: 1\n");
        ReverbConfig config = ConfigLoader.load(yaml, null, Map.of(), Map.of());
        assertEquals(List.of(yaml + ":4: top-level key 'laravel' is outside the reverb: root (ignored)"), config.warnings());
    }

    @Test
    void anEmptyYamlFileIsRefused() throws IOException {
        Path yaml = write("empty.yaml", "# nothing yet\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, null, Map.of(), Map.of()));
        assertEquals(List.of(yaml + ":1: no 'reverb:' root (the file is empty); every setting goes under reverb:, "
                + "see README.md"), e.problems());
    }

    @Test
    void unparseableEnvLinesNameFileLineAndVariableButNeverTheValue() throws IOException {
        Path env = write("bad.env", """
                APP_NAME=Laravel
                REVERB_APP_KEY
                REVERB-APP-ID=1
                REVERB_HOST="ws.example.com" trailing
                just some words
                REVERB_APP_SECRET="s3cr3t-value
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(null, env, Map.of(), Map.of()));
        assertEquals(List.of(
                env + ":2: REVERB_APP_KEY: has no '=' (write REVERB_APP_KEY=value)",
                env + ":3: 'REVERB-APP-ID' is not a variable name (letters, digits and _, not starting with a digit)",
                env + ":4: REVERB_HOST: unexpected text after the closing \"",
                env + ":5: not a VARIABLE=value line",
                env + ":6: REVERB_APP_SECRET: the closing \" is missing"), e.problems());
        assertFalse(e.problems().toString().contains("s3cr3t"), "a value may be a secret");
    }

    @Test
    void aDoubleQuotedEnvValueMaySpanLines() throws IOException {
        Path env = write("multi.env", "REVERB_APP_ID=1\nREVERB_APP_KEY=k\nNOTE=\"two\nlines\"\nREVERB_APP_SECRET=s\n");
        assertEquals("two\nlines", DotEnv.read(env, Map.of()).get("NOTE"));
        assertEquals("s", ConfigLoader.load(null, env, Map.of(), Map.of()).apps().get(0).secret());
    }

    @Test
    void problemsOfTheYamlTheEnvFileAndTheEnvironmentComeInOnePass() throws IOException {
        Path yaml = write("typo.yaml", "reverb:\n  server:\n    port: http\n");
        Path env = write("typo.env", "REVERB_APP_ID\n");
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(yaml, env, Map.of(), Map.of("REVERB_APP_MAX_CONNECTIONS", "-1", "REVERB_APP_ID", "a",
                        "REVERB_APP_KEY", "k", "REVERB_APP_SECRET", "s")));
        assertEquals(List.of(
                env + ":1: REVERB_APP_ID: has no '=' (write REVERB_APP_ID=value)",
                "reverb.server.port: must be a whole number, got 'http' (" + yaml + ")",
                "reverb.apps[0].max-connections: must be between 0 and 2147483647, got -1 (environment variable "
                        + "REVERB_APP_MAX_CONNECTIONS)"), e.problems());
    }

    @Test
    void missingConfigAndEnvFilesAreBothReported() {
        Path yaml = dir.resolve("missing.yaml");
        Path env = dir.resolve("missing.env");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(yaml, env, Map.of(), Map.of()));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertEquals("--config " + yaml + ": the file does not exist or cannot be read", e.problems().get(0));
        assertTrue(e.problems().get(1).startsWith("--env-file " + env + ": cannot read the file"), e.problems().toString());
    }

    @Test
    void describeGivesEachValueItsSource() throws IOException {
        Path yaml = write("src.yaml", "reverb:\n  server:\n    port: 9000\n  apps:\n    - { app-id: a, key: k, secret: s }\n");
        Path env = write("src.env", "REVERB_SERVER_HOST=127.0.0.1\nREVERB_PORT=443\nREVERB_SCHEME=https\n");
        ConfigLoader.Effective effective = ConfigLoader.describe(yaml, env, Map.of("path", "/ws"), Map.of("REVERB_HOST", "ws.example.com"));
        Map<String, Setting> byKey = new java.util.HashMap<>();
        effective.settings().forEach(s -> byKey.put(s.key(), s));
        assertEquals(new Setting("reverb.server.port", 9000, yaml.toString()), byKey.get("reverb.server.port"));
        assertEquals(new Setting("reverb.server.host", "127.0.0.1", env.toString()), byKey.get("reverb.server.host"));
        assertEquals(new Setting("reverb.server.path", "/ws", "--path"), byKey.get("reverb.server.path"));
        assertEquals(new Setting("reverb.server.hostname", "ws.example.com", "environment variable REVERB_HOST"),
                byKey.get("reverb.server.hostname"));
        assertEquals(new Setting("reverb.server.max-request-size", 10_000, "default"), byKey.get("reverb.server.max-request-size"));
        assertTrue(byKey.get("reverb.apps[0].secret").secret());
        assertEquals(new PublicAddress("https", "ws.example.com", 443, env.toString()), effective.publicAddress());
    }

    @Test
    void metricsPortCanBeBoundToItsOwnAddress() {
        ReverbConfig config = ConfigLoader.load(null, null, Map.of(),
                Map.of("REVERB_METRICS_PORT", "9100", "REVERB_METRICS_HOST", "127.0.0.1", "REVERB_SERVER_HOST", "0.0.0.0"));
        assertEquals("0.0.0.0", config.server().host());
        assertEquals(9100, config.server().metricsPort());
        assertEquals("127.0.0.1", config.server().metricsHost());
        ReverbConfig same = ConfigLoader.load(null, null, Map.of(), Map.of("REVERB_METRICS_PORT", "9100"));
        assertEquals(same.server().host(), same.server().metricsHost());
    }

    @Test
    void metricsHostWithoutAMetricsPortIsRefused() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(null, null, Map.of(), Map.of("REVERB_METRICS_HOST", "127.0.0.1")));
        assertEquals(List.of("reverb.server.metrics-host: needs reverb.server.metrics-port, the port it binds "
                + "(environment variable REVERB_METRICS_HOST)"), e.problems());
    }
}
