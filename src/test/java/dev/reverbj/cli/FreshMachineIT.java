package dev.reverbj.cli;

import java.io.IOException;
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

import dev.reverbj.support.JarProcess;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A box whose only {@code java} is 17 and whose JAVA_HOME is unset, as a new user has it: the README's quick start
 * works in a clean clone, the bundled launcher runs without any JDK, and {@code java -jar} answers an old Java with
 * one line instead of a stack trace.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class FreshMachineIT {
    private static final Path JAVA17 = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");
    private static final String OLD_PATH = JAVA17.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin";

    @BeforeAll
    static void needsJava17() {
        assumeTrue(Files.isExecutable(JAVA17.resolve("bin/java")), "no Java 17 at " + JAVA17);
    }

    @Test
    void javaJarOnJava17AnswersWithOneLine() throws Exception {
        Result run = run(Path.of(""), Duration.ofSeconds(30), JAVA17.resolve("bin/java").toString(), "-jar",
                "target/reverb.jar", "start", "--dev");
        assertEquals(1, run.exit(), run.output());
        assertEquals(List.of("reverb: needs Java 21 or newer, but this is Java " + run17Version() + " (" + JAVA17
                + "); run target/reverb/bin/reverb instead, which brings its own Java runtime"), run.lines());
    }

    @Test
    void theBundledLauncherNeedsNoJdk() throws Exception {
        Result run = run(Path.of(""), Duration.ofSeconds(30), "target/reverb/bin/reverb", "--version");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().matches("Reverb/J \\S+ \\(Java (2[1-9]|[3-9]\\d)[^,]*, \\S*target/reverb/runtime\\)\\n"),
                run.output());
    }

    @Test
    void theReadmeQuickStartWorksInACleanClone(@TempDir Path tmp) throws Exception {
        Path clone = tmp.resolve("reverbj");
        Result cloned = run(tmp, Duration.ofSeconds(60), "git", "clone", "-q", Path.of("").toAbsolutePath().toString(),
                clone.toString());
        assertEquals(0, cloned.exit(), cloned.output());
        List<String> commands = quickStart(clone.resolve("README.md"));
        assertTrue(commands.get(0).startsWith("./run server"), commands.toString());
        for (String command : commands) {
            if (command.startsWith("./run server")) {
                runServer(clone, command);
            } else {
                Result run = run(clone, Duration.ofSeconds(300), "bash", "-c", command);
                assertEquals(0, run.exit(), command + ": " + run.output());
                assertFalse(run.output().isBlank(), command);
            }
        }
    }

    /** The commands of the first {@code sh} block under "## Quick start", without comments. */
    private static List<String> quickStart(Path readme) throws IOException {
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf("## Quick start");
        assertTrue(start >= 0, "README.md has a Quick start section");
        List<String> commands = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines.subList(start, lines.size())) {
            if (line.equals("```sh")) {
                inBlock = true;
            } else if (inBlock && line.equals("```")) {
                break;
            } else if (inBlock && !line.isBlank()) {
                commands.add(line.replaceAll("\\s+#.*$", "").strip());
            }
        }
        return commands;
    }

    /** Runs a server command of the quick start on a free loopback port, until /up answers, then stops it. */
    private static void runServer(Path clone, String command) throws Exception {
        int port = JarProcess.freePort();
        Path log = clone.resolve("server.log");
        Process server = builder(clone, "bash", "-c", "exec " + command + " --host 127.0.0.1 --port " + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(400);
            while (true) {
                assertTrue(server.isAlive(), command + " ended: " + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, command + " did not come up: " + Files.readString(log));
                try {
                    HttpResponse<String> up = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/up"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals("{\"health\":\"OK\"}", up.body());
                    break;
                } catch (IOException notYet) {
                    Thread.sleep(500);
                }
            }
            assertTrue(Files.readString(log).contains("--dev: no app is configured"), Files.readString(log));
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), Files.readString(log));
            assertEquals(0, server.exitValue(), Files.readString(log));
        } finally {
            server.destroyForcibly();
        }
    }

    private record Result(int exit, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private static ProcessBuilder builder(Path dir, String... command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile());
        builder.environment().remove("JAVA_HOME");
        builder.environment().keySet().removeIf(k -> k.startsWith("REVERB_") || k.startsWith("REDIS_") || k.startsWith("MAVEN_"));
        builder.environment().put("PATH", OLD_PATH);
        return builder;
    }

    private static Result run(Path dir, Duration wait, String... command) throws Exception {
        Path out = Files.createTempFile("fresh", ".out");
        try {
            Process p = builder(dir, command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " still running after " + wait + ": "
                        + Files.readString(out));
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String run17Version() throws Exception {
        Result version = run(Path.of(""), Duration.ofSeconds(30), JAVA17.resolve("bin/java").toString(),
                "-XshowSettings:properties", "-version");
        return version.lines().stream().filter(l -> l.strip().startsWith("java.version = ")).findFirst()
                .map(l -> l.strip().substring("java.version = ".length())).orElseThrow();
    }
}
