package dev.reverbj.ops;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.json.Json;
import jakarta.json.JsonObject;

/**
 * The real pusher-js (npm, with its bundled WebSocket transport) under node, driven by src/test/resources/pusher-js/
 * client.js: it subscribes to one channel and prints a timestamped JSON line for every connection state change,
 * subscription and event, which this class collects.
 */
final class PusherJs implements AutoCloseable {
    static final String VERSION = "8.6.0";
    private static final Path MODULES = Path.of("target", "pusher-js").toAbsolutePath();
    private static final Path SCRIPT = Path.of("src", "test", "resources", "pusher-js", "client.js").toAbsolutePath();
    private static final Path USER_SCRIPT = Path.of("src", "test", "resources", "pusher-js", "user.js").toAbsolutePath();

    private final Process process;
    private final List<JsonObject> lines = new CopyOnWriteArrayList<>();
    private final List<String> other = new CopyOnWriteArrayList<>();

    private PusherJs(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("{")) {
                        lines.add(Json.createReader(new StringReader(line)).readObject());
                    } else {
                        other.add(line);
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // node exited
            }
        });
    }

    /**
     * Installs pusher-js into target/pusher-js with npm (once); returns false when node or npm is missing or the
     * install fails (the output is printed).
     */
    static synchronized boolean install() throws Exception {
        if (Files.isDirectory(MODULES.resolve("node_modules/pusher-js/dist/node"))) {
            return true;
        }
        if (!RenderScript.onPath("node") || !RenderScript.onPath("npm")) {
            return false;
        }
        Files.createDirectories(MODULES);
        Path log = MODULES.resolve("npm-install.log");
        Process npm = new ProcessBuilder("npm", "install", "--prefix", MODULES.toString(), "--no-audit", "--no-fund",
                "pusher-js@" + VERSION).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!npm.waitFor(180, TimeUnit.SECONDS)) {
            npm.destroyForcibly();
            System.out.println("npm install pusher-js timed out");
            return false;
        }
        if (npm.exitValue() != 0) {
            System.out.println("npm install pusher-js failed:\n" + Files.readString(log));
            return false;
        }
        return true;
    }

    /** A client for app {@code key} at {@code host:port} (plain ws, as Laravel Echo's reverb broadcaster), subscribed to {@code channel}. */
    static PusherJs connect(String host, int port, String key, String channel) throws IOException {
        return new PusherJs(new ProcessBuilder("node", SCRIPT.toString(), MODULES.toString(), host, String.valueOf(port),
                key, channel).redirectErrorStream(true).start());
    }

    /**
     * A client for app {@code key} that signs in ({@code pusher.signin()}) with {@code userData}, signed with
     * {@code secret}; it reports sign-in, server-to-user events and watchlist events.
     */
    static PusherJs signIn(String host, int port, String key, String secret, String userData) throws IOException {
        return new PusherJs(new ProcessBuilder("node", USER_SCRIPT.toString(), MODULES.toString(), host,
                String.valueOf(port), key, secret, userData).redirectErrorStream(true).start());
    }

    /** Waits for the {@code n}-th line (1-based) matching {@code test}; fails with everything seen after {@code seconds}. */
    JsonObject await(int n, Predicate<JsonObject> test, int seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<JsonObject> matching = lines.stream().filter(test).toList();
            if (matching.size() >= n) {
                return matching.get(n - 1);
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("pusher-js: no " + what + " (#" + n + ") within " + seconds + " s; saw:\n" + transcript());
    }

    static Predicate<JsonObject> type(String type) {
        return line -> type.equals(line.getString("type"));
    }

    static Predicate<JsonObject> left(String state) {
        return line -> "state".equals(line.getString("type")) && state.equals(line.getString("from"));
    }

    String transcript() {
        StringBuilder all = new StringBuilder();
        lines.forEach(line -> all.append(line).append('\n'));
        other.forEach(line -> all.append(line).append('\n'));
        return all.toString();
    }

    @Override
    public void close() {
        try (OutputStream in = process.getOutputStream()) {
            in.write("quit\n".getBytes(StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
