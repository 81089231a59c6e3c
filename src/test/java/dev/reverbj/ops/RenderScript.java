package dev.reverbj.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code ops/render.sh} as a process and reads what it wrote. Shared by the ops tests. */
final class RenderScript {
    static final Path OPS = Path.of("ops").toAbsolutePath();
    static final Path SCRIPT = OPS.resolve("render.sh");

    /** Exit code, stdout and stderr of one run, and the directory it rendered into. */
    record Run(int exit, String stdout, String stderr, Path out) {
        String file(String relative) {
            try {
                return Files.readString(out.resolve(relative));
            } catch (IOException e) {
                throw new UncheckedIOException("render.sh did not write " + relative + "; stderr: " + stderr, e);
            }
        }

        /** The first group of {@code regex} in a rendered file, as a number. */
        long number(String relative, String regex) {
            Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(file(relative));
            if (!m.find()) {
                throw new AssertionError("no match for /" + regex + "/ in " + relative + ":\n" + file(relative));
            }
            return Long.parseLong(m.group(1));
        }
    }

    private RenderScript() {
    }

    private static Path installDir;

    /**
     * Renders into {@code out} with the given flags ({@code --out} is added). Unless the flags say otherwise,
     * render.sh reads the configuration through {@link #installDir()} with the test JVM's java, and a node
     * without {@code --config} gets an {@code --env-file} with one app (render.sh refuses units without either).
     */
    static Run render(Path out, String... flags) {
        List<String> given = List.of(flags);
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(given);
        if (!given.contains("--install-dir")) {
            command.addAll(List.of("--install-dir", installDir().toString()));
        }
        if (!given.contains("--java")) {
            command.addAll(List.of("--java", ReverbProcess.java()));
        }
        if (!given.contains("--config") && !given.contains("--env-file")) {
            command.addAll(List.of("--env-file", installDir().resolve("app.env").toString()));
        }
        command.addAll(List.of("--out", out.toString()));
        return exec(out, command);
    }

    /**
     * An install directory whose {@code target/reverb.jar} runs the classes under test: a jar holding only a
     * manifest, with the entry point and this JVM's class path. Unit tests run before {@code package} builds the
     * real jar; render.sh runs {@code config --print} through it. Also holds {@code app.env}, one app.
     */
    static synchronized Path installDir() {
        if (installDir != null) {
            return installDir;
        }
        try {
            Path dir = Files.createTempDirectory("render-install");
            Files.createDirectories(dir.resolve("target"));
            java.util.jar.Manifest manifest = new java.util.jar.Manifest();
            var attributes = manifest.getMainAttributes();
            attributes.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
            attributes.put(java.util.jar.Attributes.Name.MAIN_CLASS, "dev.reverbj.cli.Launcher");
            StringBuilder classPath = new StringBuilder();
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                classPath.append(Path.of(entry).toAbsolutePath().toUri()).append(' ');
            }
            attributes.put(java.util.jar.Attributes.Name.CLASS_PATH, classPath.toString().strip());
            try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(dir.resolve("target/reverb.jar")), manifest)) {
                jar.flush();
            }
            // The units run the server through ops/handover.sh of the install directory.
            Files.createDirectories(dir.resolve("ops"));
            Files.createSymbolicLink(dir.resolve("ops/handover.sh"), OPS.resolve("handover.sh"));
            Files.writeString(dir.resolve("app.env"), "REVERB_APP_ID=ops-app\nREVERB_APP_KEY=ops-key\nREVERB_APP_SECRET=ops-secret\n");
            installDir = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs render.sh with exactly these arguments (no {@code --out}). */
    static Run renderRaw(Path scratch, String... args) {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        return exec(scratch, command);
    }

    static Run exec(Path out, List<String> command) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("render-run");
            Path stdout = dir.resolve("stdout");
            Path stderr = dir.resolve("stderr");
            Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("timed out: " + command);
            }
            return new Run(p.exitValue(), Files.readString(stdout), Files.readString(stderr), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            deleteTree(dir);
        }
    }

    /** Deletes a directory tree; best effort, for temp dirs the tests made. */
    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a socket or log still held by a process that is going away
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code tool} is an executable on the PATH. */
    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The nginx binary, or null when it is not installed. */
    static Path nginx() {
        for (String candidate : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
            if (Files.isExecutable(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /**
     * Writes a main nginx.conf under {@code prefix} that includes the rendered tuning file at the top level and
     * the rendered site inside {@code http}, the way /etc/nginx/nginx.conf does on Debian. pid, logs and temp
     * files stay under {@code prefix}.
     */
    static Path nginxMainConf(Path prefix, Path rendered) throws IOException {
        Files.createDirectories(prefix.resolve("logs"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, """
                # Test wrapper: stands in for /etc/nginx/nginx.conf.
                %3$s
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log info;
                include %2$s/nginx/reverb-tuning.conf;
                http {
                    access_log %1$s/logs/access.log;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    include %2$s/nginx/reverb-site.conf;
                }
                """.formatted(prefix, rendered,
                // As root, keep workers root so they can read the temp dir; otherwise nginx warns about `user`.
                "root".equals(System.getProperty("user.name")) ? "user root;" : ""));
        return conf;
    }
}
