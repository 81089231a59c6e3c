package dev.reverbj.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * soketi 1.6.1 as a comparison server the bench starts itself, so its CPU and RSS are measured like ours.
 * Installed from npm into {@code bench/out/soketi/} on first use. The official uWebSockets.js build needs a newer
 * glibc than Debian 12's, so the package is overridden with the drop-in build
 * {@code @trufflesuite/uws-js-unofficial@20.30.0-unofficial.0}.
 */
final class Soketi {
    static final String VERSION = "1.6.1";
    private static final String PACKAGE_JSON = """
            {
              "name": "reverbj-bench-soketi",
              "private": true,
              "dependencies": { "@soketi/soketi": "%s" },
              "overrides": { "uWebSockets.js": "npm:@trufflesuite/uws-js-unofficial@20.30.0-unofficial.0" }
            }
            """.formatted(VERSION);

    private Soketi() {
    }

    /** Installs soketi under {@code dir} unless it is there already; returns its launcher. */
    static Path install(Path dir) throws Exception {
        Path bin = dir.resolve("node_modules/@soketi/soketi/bin/server.js");
        if (Files.exists(bin)) {
            return bin;
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("package.json"), PACKAGE_JSON);
        System.err.println("[bench] installing soketi " + VERSION + " from npm into " + dir);
        ProcessBuilder pb = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("npm-install.log").toFile());
        Process p = pb.start();
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0 || !Files.exists(bin)) {
            p.destroyForcibly();
            throw new IllegalStateException("npm install of soketi failed: " + Procs.tail(dir.resolve("npm-install.log"), 10));
        }
        return bin;
    }

    /**
     * Starts soketi on {@code host:port} with one app (client events on, no connection or event limits) and its
     * metrics server on a free loopback port; the process is node itself, so its /proc figures are soketi's.
     */
    static Procs.Server start(Path dir, String host, int port, int metricsPort, String appId, String key,
                              String secret, Path log) throws Exception {
        Path bin = install(dir);
        ProcessBuilder pb = new ProcessBuilder(List.of("node", bin.toString(), "start"))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SOKETI_HOST", host);
        env.put("SOKETI_PORT", Integer.toString(port));
        env.put("SOKETI_METRICS_HOST", "127.0.0.1");
        env.put("SOKETI_METRICS_SERVER_PORT", Integer.toString(metricsPort));
        env.put("SOKETI_METRICS_ENABLED", "false");
        env.put("SOKETI_DEFAULT_APP_ID", appId);
        env.put("SOKETI_DEFAULT_APP_KEY", key);
        env.put("SOKETI_DEFAULT_APP_SECRET", secret);
        env.put("SOKETI_DEFAULT_APP_ENABLE_CLIENT_MESSAGES", "true");
        env.put("SOKETI_DEFAULT_APP_MAX_CONNS", "-1");
        env.put("SOKETI_DEFAULT_APP_MAX_BACKEND_EVENTS_PER_SEC", "-1");
        env.put("SOKETI_DEFAULT_APP_MAX_CLIENT_EVENTS_PER_SEC", "-1");
        env.put("SOKETI_DEFAULT_APP_MAX_READ_REQ_PER_SEC", "-1");
        Process process = pb.start();
        synchronized (Procs.class) {
            Procs.ALL.add(process);
        }
        Procs.Server server = new Procs.Server(process, port, log);
        server.awaitPort(host, 60_000);
        return server;
    }
}
