package dev.reverbj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.reverbj.support.JarProcess;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reverb restart} finds servers through state files in a directory of the user's own (mode 0700), not a
 * shared /tmp directory: a restart with another state directory does not see (nor signal) the server.
 */
class RestartStateIT {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theServerKeepsItsStateInThe0700RuntimeDirectoryOfItsUser() throws IOException {
        Path runtime = Files.createDirectories(dir.resolve("xdg"));
        Path yaml = dir.resolve("reverb.yaml");
        Files.writeString(yaml, "reverb:\n  apps:\n    - { app-id: a, key: k, secret: s }\n");
        int port = JarProcess.freePort();
        var env = Map.of("XDG_RUNTIME_DIR", runtime.toString());
        try (JarProcess server = JarProcess.start(env, "start", "--config", yaml.toString(), "--host", "127.0.0.1",
                "--port", Integer.toString(port))) {
            server.awaitLine("Reverb/J listening", STARTUP);
            Path state = runtime.resolve("reverbj");
            Path file = state.resolve("127.0.0.1-" + port + ".properties");
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (!Files.exists(file) && System.nanoTime() < deadline) {
                sleep();
            }
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
            assertEquals(List.of(file), list(state));

            Path elsewhere = Files.createDirectories(dir.resolve("other-user"));
            try (JarProcess restart = JarProcess.start(Map.of("REVERB_STATE_DIR", elsewhere.toString()), "restart", "--all")) {
                assertEquals(1, restart.exitCode(STARTUP), restart.lines().toString());
                assertTrue(restart.lines().get(0).startsWith("reverb restart: no running Reverb/J server found"),
                        restart.lines().toString());
            }
            assertTrue(server.process().isAlive(), "a restart with another state directory leaves the server alone");

            try (JarProcess restart = JarProcess.start(env, "restart", "--config", yaml.toString())) {
                assertEquals(0, restart.exitCode(STARTUP), restart.lines().toString());
            }
            server.awaitLine("Reverb/J stopped", STARTUP);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
