package dev.reverbj.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * How {@code restart} finds the servers of this host: each running server keeps a small state file,
 * {@code <state dir>/<host>-<port>.properties}, holding its pid, its start instant (so a reused pid is not
 * mistaken for it) and the absolute path of its {@code --config} file. The file is removed when the server
 * stops; a file whose process is gone is stale and removed by {@code restart}.
 *
 * <p>The state directory belongs to the user: {@code $REVERB_STATE_DIR}, else {@code $XDG_RUNTIME_DIR/reverbj},
 * else {@code ~/.local/state/reverbj}; created with mode 0700, and refused when another user owns it. So
 * {@code restart} only ever sees (and signals) the servers of the user who runs it, never a shared /tmp
 * directory anyone can write to.
 */
final class RunningServers {
    private static final java.util.Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
    /** One server's state file. {@code config} is "" for a server started without {@code --config}. */
    record Entry(Path file, long pid, String started, String host, int port, String config) {
        /** The live process this entry describes, if it is still running (and is the same process). */
        Optional<ProcessHandle> process() {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(p -> started.isEmpty() || p.info().startInstant().map(Instant::toString).orElse("").equals(started));
        }
    }

    private RunningServers() {
    }

    static Path directory() {
        String explicit = System.getenv("REVERB_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
            return Path.of(runtime, "reverbj");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "reverbj");
    }

    /** The state directory, created 0700 when missing; refused when it belongs to someone else. */
    private static Path ownDirectory() throws IOException {
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            try {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } catch (UnsupportedOperationException e) {
                Files.createDirectory(dir);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                // created by a server starting at the same time; checked below
            }
        }
        try {
            String owner = Files.getOwner(dir).getName();
            if (!owner.equals(System.getProperty("user.name"))) {
                throw new IOException(dir + " belongs to " + owner + ", not to " + System.getProperty("user.name"));
            }
            if (!Files.getPosixFilePermissions(dir).equals(OWNER_ONLY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: nothing to check
        }
        return dir;
    }

    /** The form a {@code --config} path is recorded and compared in. */
    static String configKey(Path config) {
        if (config == null) {
            return "";
        }
        try {
            return config.toRealPath().toString();
        } catch (IOException e) {
            return config.toAbsolutePath().normalize().toString();
        }
    }

    /** Writes this process's state file; returns it so that it can be removed at stop. */
    static Path register(String host, int port, Path config) throws IOException {
        Path dir = ownDirectory();
        Path file = dir.resolve(host.replaceAll("[^A-Za-z0-9.]", "_") + "-" + port + ".properties");
        ProcessHandle self = ProcessHandle.current();
        Properties p = new Properties();
        p.setProperty("pid", Long.toString(self.pid()));
        p.setProperty("started", self.info().startInstant().map(Instant::toString).orElse(""));
        p.setProperty("host", host);
        p.setProperty("port", Integer.toString(port));
        p.setProperty("config", configKey(config));
        Path tmp = Files.createTempFile(dir, "state", ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            p.store(out, "Reverb/J server state, read by 'reverb restart'");
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    static List<Entry> list() {
        List<Entry> entries = new ArrayList<>();
        Path dir = directory();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path file : files) {
                Properties p = new Properties();
                try (Reader in = Files.newBufferedReader(file)) {
                    p.load(in);
                    entries.add(new Entry(file, Long.parseLong(p.getProperty("pid", "-1")), p.getProperty("started", ""),
                            p.getProperty("host", "?"), Integer.parseInt(p.getProperty("port", "0")),
                            p.getProperty("config", "")));
                } catch (IOException | RuntimeException e) {
                    // Half-written or foreign file: not a server we can reach.
                }
            }
        } catch (IOException e) {
            return entries;
        }
        return entries;
    }

    /** Removes this process's state file, unless a successor on the same address has replaced it. */
    static void removeOwn(Path file) {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (Long.toString(ProcessHandle.current().pid()).equals(p.getProperty("pid"))) {
            remove(file);
        }
    }

    static void remove(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // A leftover file is treated as stale by the next restart.
        }
    }
}
