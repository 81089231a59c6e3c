package dev.reverbj.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real supervisord for the ops tests, with everything (socket, logs, pid file) under one temp directory and
 * the rendered {@code supervisor/reverb.conf} included, the way /etc/supervisor/supervisord.conf includes conf.d.
 */
final class Supervisord implements AutoCloseable {
    private final Path dir;
    private final Path conf;
    private final Process process;

    private Supervisord(Path dir, Path conf, Process process) {
        this.dir = dir;
        this.conf = conf;
        this.process = process;
    }

    static boolean installed() {
        return Files.isExecutable(Path.of("/usr/bin/supervisord")) && Files.isExecutable(Path.of("/usr/bin/supervisorctl"));
    }

    /** Starts supervisord on the program rendered into {@code dir/out}. */
    static Supervisord start(Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("supervisord.conf"), """
                ; Test stand-in for /etc/supervisor/supervisord.conf: everything under %1$s.
                [unix_http_server]
                file=%1$s/supervisor.sock

                [supervisord]
                logfile=%1$s/supervisord.log
                pidfile=%1$s/supervisord.pid
                childlogdir=%1$s
                nodaemon=true

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://%1$s/supervisor.sock

                [include]
                files = %1$s/out/supervisor/reverb.conf
                """.formatted(dir));
        Process process = ReverbProcess.start(List.of("/usr/bin/supervisord", "-n", "-c", conf.toString()),
                dir.resolve("supervisord.out"));
        return new Supervisord(dir, conf, process);
    }

    Process process() {
        return process;
    }

    /** Runs {@code supervisorctl args} against this supervisord; returns what it printed. */
    String ctl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/supervisorctl", "-c", conf.toString()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(dir, "supervisorctl", ".log");
        Process p = ReverbProcess.start(command, log);
        if (!p.waitFor(40, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("supervisorctl " + String.join(" ", args) + " timed out");
        }
        return Files.readString(log);
    }

    /** The pid supervisord runs the program {@code name} as. */
    long pid(String name) throws Exception {
        return Long.parseLong(ctl("pid", name).strip());
    }

    String log() {
        return ReverbProcess.read(dir.resolve("supervisord.log"));
    }

    /** SIGTERM makes supervisord stop the program first; stop() also force-kills any child left behind. */
    @Override
    public void close() {
        ReverbProcess.stop(process);
    }
}
