package dev.reverbj.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real processes for the ops integration tests: the server jar, nginx, supervisord. */
final class ReverbProcess {
    static final Path JAR = Path.of("target/reverb.jar").toAbsolutePath();
    static final String APP_ID = "ops-app";
    static final String APP_KEY = "ops-key";
    static final String APP_SECRET = "ops-secret";

    private ReverbProcess() {
    }

    /** The java of the test JVM (JDK 21+), which runs the jar. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** A config file with one app, listening on 127.0.0.1:{@code port}. */
    static Path writeConfig(Path dir, int port) throws IOException {
        return Files.writeString(dir.resolve("reverb.yaml"), """
                reverb:
                  server:
                    host: 127.0.0.1
                    port: %d
                  apps:
                    - app-id: %s
                      key: %s
                      secret: %s
                  ops:
                    connections-target: 1000
                """.formatted(port, APP_ID, APP_KEY, APP_SECRET));
    }

    /** Starts {@code command}, output to {@code log}. */
    static Process start(List<String> command, Path log) throws IOException {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Waits until {@code GET url} answers 200 with the health body; fails with the log after {@code seconds}. */
    static String awaitUp(String url, int seconds, Process process, Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String last = "nothing";
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new AssertionError("process exited with " + process.exitValue() + ":\n" + read(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r.body();
                }
                last = r.statusCode() + " " + r.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(200);
        }
        throw new AssertionError(url + " not up within " + seconds + " s (last: " + last + "):\n" + read(log));
    }

    static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "(no log)";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /**
     * A SEVERE line in a server's log means a bug in the server (STYLE.md section 8), as {@code JarProcess} checks
     * for the processes it starts: fails the test class with those lines.
     */
    static void assertNoSevere(String log) {
        List<String> severe = log.lines().filter(line -> line.contains(" SEVERE ")).toList();
        if (!severe.isEmpty()) {
            throw new AssertionError("the server logged SEVERE (a bug in the server): " + severe);
        }
    }

    /** Ends a process we started: politely, then by force; never waits more than a few seconds. */
    static void stop(Process process) {
        if (process == null) {
            return;
        }
        // nginx workers and supervisord's program are children: end them too if the parent does not.
        List<ProcessHandle> children = process.descendants().toList();
        try {
            stopOnly(process);
        } finally {
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void stopOnly(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
