package dev.reverbj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.reverbj.config.ConfigException;
import dev.reverbj.config.ConfigLoader;
import dev.reverbj.config.ReverbConfig;

/**
 * {@code reverb start}: loads the configuration, starts a {@link Node}, registers it for {@code reverb restart}, and
 * blocks until a signal, a cluster-wide restart or a successor ends it gracefully.
 */
final class StartCommand {
    private static final String START_HELP = """
            Usage: reverb start [options]

            Starts the Pusher-protocol WebSocket server and its HTTP API.

            Options:
              --config FILE      YAML configuration file (apps, server); see README
              --env-file FILE    Laravel .env file to read REVERB_* variables from
              --host H           address to listen on (default 0.0.0.0; REVERB_SERVER_HOST)
              --port P           port to listen on (default 8080; REVERB_SERVER_PORT)
              --path PREFIX      path prefix before /app and /apps (REVERB_SERVER_PATH)
              --hostname NAME    public host name clients use (REVERB_HOST)
              --debug            log every frame in and out
              --dev              with no app configured, serve the public development app (reverb-dev-key);
                                 without it, no app configured is an error (exit 2)
              --help             show this help

            Precedence: embedded defaults < --config < --env-file < environment < flags.

            Operations (docs/operations.md): /metrics (Prometheus), /ready, /up; reverb.server.tls.certificate
            and tls.private-key (PEM) serve wss:// and https://; reverb.server.metrics-port moves /metrics to
            its own port, reverb.server.metrics-host binds that port (e.g. 127.0.0.1); server event listeners are loaded from the class path and from jars in libs/.

            SIGTERM (or 'reverb restart') shuts down gracefully: new connections are refused, every client
            gets close code 4200 "Server restarting, reconnect now", and the process exits 0 within
            reverb.server.shutdown-timeout (default 10 s) so that its supervisor starts it again.
            """;

    /** The options of {@code start}, which {@code config --print} takes too. */
    static final Map<String, Boolean> OPTIONS = Map.of("config", true, "env-file", true, "host", true,
            "port", true, "path", true, "hostname", true, "debug", false, "dev", false);

    private StartCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = CommandOptions.parse("start", args, OPTIONS, START_HELP, out, err);
        ConfigLoader.Effective effective = load(options, err);
        ReverbConfig config = effective.config();
        OutOfMemoryExit.ensure(err);
        Node node;
        try {
            node = Node.start(config);
        } catch (RuntimeException e) {
            err.println("reverb: cannot start on " + config.server().host() + ":" + config.server().port() + ": "
                    + RootCause.message(e));
            String hint = Banner.bindHint(RootCause.message(e), config, effective.publicAddress());
            if (hint != null) {
                err.println(hint);
            }
            return Main.FAILED;
        }
        out.println(Banner.startLine(config, effective.publicAddress(), node.port()));
        if (config.usingDefaultApp()) {
            out.println("--dev: no app is configured, serving the public development app (app-id " + ConfigLoader.DEFAULT_APP_ID
                    + ", key " + ConfigLoader.DEFAULT_APP_KEY + ", secret " + ConfigLoader.DEFAULT_APP_SECRET
                    + "). Configure your own before going to production.");
        }
        // Read before this server's state file replaces theirs (same host and port).
        List<ProcessHandle> predecessors = config.server().handover()
                ? Handover.predecessors(config.server().host(), node.port()) : List.of();
        Path stateFile = null;
        try {
            stateFile = RunningServers.register(config.server().host(), node.port(), CommandOptions.path(options, "config"));
        } catch (IOException | RuntimeException e) {
            err.println("reverb: warning: cannot write the state file 'reverb restart' uses ("
                    + RootCause.message(e) + "); restart this server with SIGTERM instead");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Path written = stateFile;
        Runnable graceful = () -> {
            node.shutdown();
            if (written != null) {
                RunningServers.removeOwn(written);
            }
            stopped.countDown();
        };
        // SIGTERM/SIGINT handled here (not only in a shutdown hook) so that the process exits 0, not 143,
        // after a graceful shutdown: supervisors then see a clean exit and start it again.
        boolean signals = Signals.onTerminate(() -> Thread.ofPlatform().name("reverb-shutdown").start(graceful));
        node.broker().onRestart(() -> Thread.ofPlatform().name("reverb-restart").start(
                config.server().handover() ? () -> Handover.restart(graceful) : graceful));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopped.getCount() > 0) {
                graceful.run();
            }
        }, "reverb-shutdown-hook"));
        if (config.server().handover()) {
            Handover.onSuccessorExpected(config.server().handoverTimeout(),
                    () -> Thread.ofPlatform().name("reverb-shutdown").start(graceful), out);
            // With scaling on, the predecessor keeps serving until this node can promise cross-node delivery.
            node.awaitLinked(config.server().handoverTimeout());
            Handover.takeOver(predecessors, config.server().host() + ":" + node.port(), out);
        }
        if (!signals) {
            err.println("reverb: warning: cannot handle SIGTERM on this JVM; a shutdown will still be graceful "
                    + "but exit with 143");
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.println("Reverb/J stopped");
        return Main.OK;
    }

    /**
     * The configuration of {@code start} and {@code config --print}: every problem on its own line and exit 2; with
     * no app configured, exit 2 too unless {@code --dev} asks for the development app.
     *
     * @throws CommandExit with exit code 2 on any of those problems
     */
    static ConfigLoader.Effective load(Map<String, String> options, PrintStream err) {
        ConfigLoader.Effective effective;
        try {
            Map<String, String> flags = new LinkedHashMap<>();
            for (String key : new String[] {"host", "port", "path", "hostname"}) {
                if (options.containsKey(key)) {
                    flags.put(key, options.get(key));
                }
            }
            if (options.containsKey("debug")) {
                flags.put("debug", "true");
            }
            effective = ConfigLoader.describe(CommandOptions.path(options, "config"),
                    CommandOptions.path(options, "env-file"), flags, System.getenv());
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("reverb: invalid configuration: " + p));
            throw new CommandExit(Main.USAGE);
        }
        effective.config().warnings().forEach(w -> err.println("reverb: warning: " + w));
        if (effective.config().usingDefaultApp() && !options.containsKey("dev")) {
            err.println("reverb: no app configured: give --config FILE or --env-file FILE (REVERB_APP_ID, REVERB_APP_KEY, "
                    + "REVERB_APP_SECRET), or --dev to serve the public development app");
            throw new CommandExit(Main.USAGE);
        }
        return effective;
    }
}
