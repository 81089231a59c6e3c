package dev.reverbj.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.reverbj.support.JarProcess;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server whose heap runs out exits (code 3), so that its supervisor starts a fresh one, however it was started:
 * with {@code -XX:+ExitOnOutOfMemoryError} (./run, the rendered units, the documented commands) and on the bundled
 * runtime of {@code bin/reverb} without any option (it is linked in). A plain {@code java} without the option is
 * warned about at start (see OutOfMemoryExit for why there is no in-process fallback). The heap is exhausted by
 * {@link HeapExhaustingListener}, a test-only server event listener.
 */
class OutOfMemoryExitIT {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "java -XX:+ExitOnOutOfMemoryError | jdk     | -XX:+ExitOnOutOfMemoryError | Terminating due to java.lang.OutOfMemoryError",
            "bundled runtime, no option       | runtime |                              | Terminating due to java.lang.OutOfMemoryError"})
    void theProcessExitsWhenTheHeapRunsOut(String name, String java, String option, String expected) throws Exception {
        Path binary = java.equals("runtime")
                ? Path.of("target/reverb/runtime/bin/java").toAbsolutePath()
                : Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-Xmx64m", "-Dreverb.test.exhaust-heap=true"));
        if (option != null) {
            command.add(option);
        }
        int port = JarProcess.freePort();
        command.addAll(List.of("-cp", JarProcess.jar() + ":" + Path.of("target/test-classes").toAbsolutePath(),
                "dev.reverbj.cli.Launcher", "start", "--dev", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        Path log = Files.createTempFile("oom", ".log");
        Process server = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitListening(server, log);
            try (WsClient client = WsClient.open("ws://127.0.0.1:" + port + "/app/reverb-dev-key", null, false)) {
                client.next("pusher:connection_established");
            } catch (RuntimeException | AssertionError e) {
                // the server may already be gone: what counts is that it exits
            }
            assertTrue(server.waitFor(60, TimeUnit.SECONDS), "still running after OutOfMemoryError:\n" + Files.readString(log));
            assertEquals(3, server.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains(expected), Files.readString(log));
            assertFalse(Files.readString(log).contains("runs without -XX:+ExitOnOutOfMemoryError"), Files.readString(log));
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    @Test
    void aPlainJavaWithoutTheOptionIsWarnedAtStart() {
        try (JarProcess server = JarProcess.start(Map.of(), "start", "--dev", "--host", "127.0.0.1", "--port", "0")) {
            assertTrue(server.awaitLine("reverb: warning: this JVM runs without -XX:+ExitOnOutOfMemoryError",
                    Duration.ofSeconds(30)).endsWith("add the option (bin/reverb, ./run and ops/render.sh units do)"));
        }
    }

    private static void awaitListening(Process server, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains("Reverb/J listening")) {
                return;
            }
            if (!server.isAlive()) {
                throw new AssertionError("server exited early:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        throw new AssertionError("server did not start:\n" + Files.readString(log));
    }
}
