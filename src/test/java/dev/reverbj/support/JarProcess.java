package dev.reverbj.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@code java -jar target/reverb.jar ...} as a real process, with its output captured line by line. */
public final class JarProcess implements AutoCloseable {
    private volatile boolean bugsInjected;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private JarProcess(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // process ended
            }
        });
    }

    public static Path jar() {
        Path jar = Path.of("target", "reverb.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException("target/reverb.jar is missing: run this test with `mvn verify` (it runs after package)");
        }
        return jar;
    }

    /** Starts the jar with the JDK running the tests (21+), stdout and stderr merged. */
    public static JarProcess start(Map<String, String> environment, String... args) {
        return start(List.of(), environment, args);
    }

    /** Starts the jar with extra JVM options (system properties, for example). */
    public static JarProcess startWithJvmOptions(List<String> jvmOptions, Map<String, String> environment, String... args) {
        return start(List.of(), jvmOptions, environment, args);
    }

    /** Starts the jar as the last arguments of {@code wrapper} (a script that runs its arguments, such as ops/handover.sh). */
    public static JarProcess startUnder(List<String> wrapper, Map<String, String> environment, String... args) {
        return start(wrapper, environment, args);
    }

    /** Starts the jar under a lower open-file limit ({@code ulimit -n}), as on a host that was not tuned. */
    public static JarProcess startWithFileLimit(int openFiles, String... args) {
        return start(List.of("bash", "-c", "ulimit -n " + openFiles + " && exec \"$0\" \"$@\""), List.of(), Map.of(), args);
    }

    private static JarProcess start(List<String> prefix, Map<String, String> environment, String... args) {
        return start(prefix, List.of(), environment, args);
    }

    private static JarProcess start(List<String> prefix, List<String> jvmOptions, Map<String, String> environment,
                                    String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("REVERB_") || k.startsWith("REDIS_"));
        builder.environment().putAll(environment);
        try {
            return new JarProcess(builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command that is expected to end, and returns its exit code. */
    public int exitCode(Duration wait) {
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process still running after " + wait + "; output: " + lines);
            }
            // Let the reader thread drain what is left.
            Thread.sleep(100);
            return process.exitValue();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits for an output line containing {@code text}. */
    public String awaitLine(String text, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(l -> l.contains(text))) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return lines.stream().filter(l -> l.contains(text)).findFirst()
                        .orElseThrow(() -> new AssertionError("process ended without '" + text + "'; output: " + lines));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no line with '" + text + "' within " + wait + "; output: " + lines);
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public Process process() {
        return process;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This test injects a bug on purpose: SEVERE lines in the output are expected. */
    public JarProcess injectsBugs() {
        bugsInjected = true;
        return this;
    }

    /**
     * Stops the process. A SEVERE line in its output means a bug in the server, so it fails the test (unless
     * {@link #injectsBugs()} said it is expected).
     */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<String> severe = lines().stream().filter(line -> line.contains(" SEVERE ")).toList();
        if (!severe.isEmpty() && !bugsInjected) {
            throw new AssertionError("the server logged SEVERE (a bug in the server): " + severe);
        }
    }
}
