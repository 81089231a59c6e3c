package dev.reverbj.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ConfigLoader;
import dev.reverbj.config.ReverbConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void emptyEnvGetsFreshCredentialsThatStartTheServer() throws Exception {
        Path env = dir.resolve(".env");
        assertEquals(0, run("install", "--env-file", env.toString()));
        Map<String, String> vars = dev.reverbj.config.DotEnv.read(env, Map.of());
        assertTrue(vars.get("REVERB_APP_ID").matches("\\d{6}"), vars.toString());
        assertTrue(vars.get("REVERB_APP_KEY").matches("[a-z]{20}"), vars.toString());
        assertTrue(vars.get("REVERB_APP_SECRET").matches("[a-z]{20}"), vars.toString());
        assertNotEquals(vars.get("REVERB_APP_KEY"), vars.get("REVERB_APP_SECRET"));
        assertEquals("localhost", vars.get("REVERB_HOST"));
        assertEquals("8080", vars.get("REVERB_PORT"));
        assertEquals("http", vars.get("REVERB_SCHEME"));
        assertEquals(vars.get("REVERB_APP_KEY"), vars.get("VITE_REVERB_APP_KEY"));
        assertEquals("localhost", vars.get("VITE_REVERB_HOST"));
        assertEquals("8080", vars.get("VITE_REVERB_PORT"));
        assertEquals("http", vars.get("VITE_REVERB_SCHEME"));

        ReverbConfig config = ConfigLoader.load(null, env, Map.of(), Map.of());
        AppConfig app = config.apps().get(0);
        assertEquals(vars.get("REVERB_APP_ID"), app.id());
        assertEquals(vars.get("REVERB_APP_KEY"), app.key());
        assertEquals(vars.get("REVERB_APP_SECRET"), app.secret());
    }

    @Test
    void existingVariablesAreKeptUnlessForced() throws Exception {
        Path env = dir.resolve(".env");
        Files.writeString(env, """
                APP_NAME=Laravel
                REVERB_APP_KEY=mykey
                REVERB_HOST="ws.example.com"
                """);
        assertEquals(0, run("install", "--env-file", env.toString(), "--port", "443", "--scheme", "https"));
        String text = Files.readString(env);
        assertTrue(text.startsWith("APP_NAME=Laravel\nREVERB_APP_KEY=mykey\nREVERB_HOST=\"ws.example.com\"\n"), text);
        Map<String, String> vars = dev.reverbj.config.DotEnv.read(env, Map.of());
        assertEquals("mykey", vars.get("REVERB_APP_KEY"));
        assertEquals("ws.example.com", vars.get("REVERB_HOST"));
        assertEquals("443", vars.get("REVERB_PORT"));
        assertEquals("https", vars.get("REVERB_SCHEME"));
        assertEquals("mykey", vars.get("VITE_REVERB_APP_KEY"));
        assertTrue(vars.get("REVERB_APP_SECRET").matches("[a-z]{20}"));
        assertEquals(1, text.lines().filter(l -> l.startsWith("REVERB_APP_KEY=")).count());
        assertTrue(out.toString().contains("kept existing REVERB_APP_KEY"), out.toString());

        String secret = vars.get("REVERB_APP_SECRET");
        assertEquals(0, run("install", "--env-file", env.toString(), "--force"));
        Map<String, String> forced = dev.reverbj.config.DotEnv.read(env, Map.of());
        assertTrue(forced.get("REVERB_APP_KEY").matches("[a-z]{20}"));
        assertNotEquals(secret, forced.get("REVERB_APP_SECRET"));
        assertEquals("Laravel", forced.get("APP_NAME"));
        assertEquals(1, Files.readString(env).lines().filter(l -> l.startsWith("REVERB_APP_SECRET=")).count());
    }

    @Test
    void aSecondInstallSaysNothingChangedAndLeavesTheFileAlone() throws Exception {
        Path env = dir.resolve(".env");
        assertEquals(0, run("install", "--env-file", env.toString()));
        assertTrue(out.toString().contains("Created " + env + ": 11 added, 0 replaced, 0 kept."), out.toString());
        String before = Files.readString(env);
        java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(env);
        Files.setLastModifiedTime(env, java.nio.file.attribute.FileTime.fromMillis(written.toMillis() - 60_000));
        out.reset();
        assertEquals(0, run("install", "--env-file", env.toString()));
        assertTrue(out.toString().contains("Nothing changed: " + env + " already has every variable (11 kept; --force "
                + "replaces them)."), out.toString());
        assertEquals(before, Files.readString(env));
        assertEquals(written.toMillis() - 60_000, Files.getLastModifiedTime(env).toMillis(), "the file is not rewritten");
    }

    @Test
    void theNextCommandItNamesExists() throws Exception {
        Path env = dir.resolve(".env");
        assertEquals(0, run("install", "--env-file", env.toString()));
        String last = out.toString().strip().lines().reduce((a, b) -> b).orElseThrow();
        String command = last.substring(last.indexOf("Start the server with: ") + "Start the server with: ".length());
        assertTrue(command.endsWith(" start --env-file " + env), command);
        // Under the tests, classes run from target/classes: the message names a java and jar, or the image.
        String program = command.split(" ")[0];
        assertTrue(program.equals("reverb") || Files.isExecutable(Path.of(program).toAbsolutePath()), command);
    }

    @Test
    void yamlBlockIsAValidConfig() throws Exception {
        assertEquals(0, run("install", "--yaml"));
        Path yaml = dir.resolve("reverb.yaml");
        Files.writeString(yaml, out.toString());
        ReverbConfig config = ConfigLoader.load(yaml, null, Map.of(), Map.of());
        assertTrue(config.apps().get(0).id().matches("\\d{6}"));
        assertTrue(config.apps().get(0).key().matches("[a-z]{20}"));
    }

    @Test
    void badArgumentsExitWith2() {
        assertEquals(2, run("install", "--bogus"));
        assertEquals(2, run("install", "--port", "99999"));
        assertEquals(2, run("install", "--scheme", "ftp"));
        assertEquals(2, run("install", "--yaml", "--force"));
        assertEquals(2, run("restart", "--timeout", "soon"));
        assertEquals(2, run("restart", "--config", dir.resolve("missing.yaml").toString()));
        assertEquals(0, run("install", "--help"));
        assertEquals(0, run("restart", "--help"));
        assertTrue(out.toString().contains("Usage: reverb install") && out.toString().contains("Usage: reverb restart"));
    }
}
