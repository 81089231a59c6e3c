package dev.reverbj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import dev.reverbj.config.ConfigException;
import dev.reverbj.config.ConfigLoader;
import dev.reverbj.config.ReverbConfig;

/** {@code java -jar reverb.jar <command>}: parses arguments, loads configuration, runs the command. */
public final class Main {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage: reverb <command> [options]

            Commands:
              start     Start the WebSocket server
              restart   Gracefully restart the running servers of a config (clients reconnect at once)
              install   Create app credentials in a .env (or print them as YAML)
              config    Print the effective configuration and where each value comes from (--print)
              help      Show this help
              --version Print the version and the Java runtime in use

            Run 'reverb <command> --help' for the options of a command.
            """;

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

    private static final String CONFIG_HELP = """
            Usage: reverb config --print [start options]

            Prints the configuration 'reverb start' with the same options would run with, as JSON: one line
            per setting, {"source": ..., "value": ...}, where source is "default", the file, "environment
            variable X" or "--flag". Secrets (app secrets, Redis passwords, the password in a Redis URL) are
            printed as "<hidden>". Problems are reported and exit 2, as 'start' does. ops/render.sh reads it.

            Options: --print, and those of 'reverb start' (--config, --env-file, --host, --port, --path,
            --hostname, --debug, --dev).
            """;

    private static final String RESTART_HELP = """
            Usage: reverb restart [options]

            Gracefully restarts the Reverb/J servers running on this host with the same --config file:
            each gets SIGTERM, tells its clients to reconnect (close code 4200), and exits 0 so that its
            supervisor (systemd, supervisord) starts it again. Running servers are found through the state
            files each server keeps while it runs in its user's state directory: $REVERB_STATE_DIR, else
            $XDG_RUNTIME_DIR/reverbj, else ~/.local/state/reverbj (mode 0700). Run it as the servers' user.

            Options:
              --config FILE      the config file the servers were started with (default: servers started
                                 without --config)
              --all              every Reverb/J server on this host, whatever its config
              --timeout SECONDS  how long to wait for each server to exit (default 30)
              --help             show this help

            Exit code 0 when every server found has stopped, 1 when none was found or one did not stop.
            """;

    private static final String INSTALL_HELP = """
            Usage: reverb install [options]

            Creates fresh app credentials (an app id of 6 digits, a key and a secret of 20 random lowercase
            letters) and adds them to a Laravel .env as REVERB_APP_ID, REVERB_APP_KEY, REVERB_APP_SECRET,
            REVERB_HOST, REVERB_PORT, REVERB_SCHEME, BROADCAST_CONNECTION and the VITE_REVERB_* lines.
            A variable the file already has is kept unless --force is given.

            Options:
              --env-file FILE    the .env to write (default .env in the current directory; created if missing)
              --host H           REVERB_HOST, the host clients connect to (default localhost)
              --port P           REVERB_PORT, the port clients connect to (default 8080)
              --scheme S         REVERB_SCHEME, http or https (default http)
              --force            replace variables the file already has
              --yaml             print a YAML app block for --config instead of writing a .env
              --help             show this help
            """;

    private Main() {
    }

    public static void main(String[] args) {
        untrackVirtualThreads();
        configureLogging();
        int code = run(args, System.out, System.err);
        // Exit explicitly: after a graceful shutdown no thread of ours should keep the JVM up.
        System.exit(code);
    }

    /**
     * Unless the user chose otherwise: a virtual thread started on its own (each socket's writer, once per burst of
     * frames) is counted instead of being added to and removed from the JVM's set of all threads, which thread dumps
     * read. That set's upkeep was a tenth of the Java samples of a 10,000-subscriber fan-out (bench/RESULTS.md).
     * Thread dumps still show every socket's reader (Helidon's executor keeps its own). Must run before the first
     * thread starts.
     */
    private static void untrackVirtualThreads() {
        if (System.getProperty("jdk.trackAllThreads") == null) {
            System.setProperty("jdk.trackAllThreads", "false");
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        if (args[0].equals("--version") || args[0].equals("version")) {
            out.println(version());
            return OK;
        }
        String command = args[0];
        try {
            return switch (command) {
                case "start" -> start(args, out, err);
                case "restart" -> restart(args, out, err);
                case "install" -> install(args, out, err);
                case "config" -> config(args, out, err);
                default -> {
                    err.println("reverb: unknown command '" + command + "' (try 'reverb --help')");
                    yield USAGE;
                }
            };
        } catch (Exit e) {
            return e.code;
        }
    }

    /** Ends a command early with an exit code, once what the user should see is printed. */
    private static final class Exit extends RuntimeException {
        private final int code;

        Exit(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }

    /**
     * A command's options; on a bad argument prints one line and exits with 2, on {@code --help} prints the
     * command's help and exits with 0.
     */
    private static Map<String, String> options(String command, String[] args, Map<String, Boolean> known, String help,
                                               PrintStream out, PrintStream err) {
        Map<String, Boolean> withHelp = new java.util.HashMap<>(known);
        withHelp.put("help", false);
        Map<String, String> options;
        try {
            options = Arguments.parse(args, 1, withHelp);
        } catch (IllegalArgumentException e) {
            err.println("reverb " + command + ": " + e.getMessage() + " (try 'reverb " + command + " --help')");
            throw new Exit(USAGE);
        }
        if (options.containsKey("help")) {
            out.print(help);
            throw new Exit(OK);
        }
        return options;
    }

    private static final Map<String, Boolean> START_OPTIONS = Map.of("config", true, "env-file", true, "host", true,
            "port", true, "path", true, "hostname", true, "debug", false, "dev", false);

    private static int start(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = options("start", args, START_OPTIONS, START_HELP, out, err);
        ConfigLoader.Effective effective = load(options, err);
        ReverbConfig config = effective.config();
        OutOfMemoryExit.ensure(err);
        Node node;
        try {
            node = Node.start(config);
        } catch (RuntimeException e) {
            err.println("reverb: cannot start on " + config.server().host() + ":" + config.server().port() + ": "
                    + rootMessage(e));
            String hint = Banner.bindHint(rootMessage(e), config, effective.publicAddress());
            if (hint != null) {
                err.println(hint);
            }
            return FAILED;
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
            stateFile = RunningServers.register(config.server().host(), node.port(), pathOrNull(options.get("config")));
        } catch (IOException | RuntimeException e) {
            err.println("reverb: warning: cannot write the state file 'reverb restart' uses ("
                    + rootMessage(e) + "); restart this server with SIGTERM instead");
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
        return OK;
    }

    /**
     * The configuration of {@code start} and {@code config --print}: every problem on its own line and exit 2; with
     * no app configured, exit 2 too unless {@code --dev} asks for the development app.
     */
    private static ConfigLoader.Effective load(Map<String, String> options, PrintStream err) {
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
            effective = ConfigLoader.describe(pathOrNull(options.get("config")), pathOrNull(options.get("env-file")),
                    flags, System.getenv());
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("reverb: invalid configuration: " + p));
            throw new Exit(USAGE);
        }
        effective.config().warnings().forEach(w -> err.println("reverb: warning: " + w));
        if (effective.config().usingDefaultApp() && !options.containsKey("dev")) {
            err.println("reverb: no app configured: give --config FILE or --env-file FILE (REVERB_APP_ID, REVERB_APP_KEY, "
                    + "REVERB_APP_SECRET), or --dev to serve the public development app");
            throw new Exit(USAGE);
        }
        return effective;
    }

    private static int config(String[] args, PrintStream out, PrintStream err) {
        Map<String, Boolean> known = new java.util.HashMap<>(START_OPTIONS);
        known.put("print", false);
        Map<String, String> options = options("config", args, known, CONFIG_HELP, out, err);
        if (!options.containsKey("print")) {
            err.println("reverb config: nothing to do; use --print (try 'reverb config --help')");
            return USAGE;
        }
        out.print(ConfigJson.of(load(options, err)));
        return OK;
    }

    private static int restart(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = options("restart", args, Map.of("config", true, "all", false, "timeout", true),
                RESTART_HELP, out, err);
        int timeout;
        try {
            timeout = Integer.parseInt(options.getOrDefault("timeout", "30"));
        } catch (NumberFormatException e) {
            timeout = 0;
        }
        if (timeout < 1) {
            err.println("reverb restart: --timeout must be a whole number of seconds >= 1 (try 'reverb restart --help')");
            return USAGE;
        }
        Path config = pathOrNull(options.get("config"));
        if (config != null && !Files.isRegularFile(config)) {
            err.println("reverb restart: --config " + config + ": the file does not exist");
            return USAGE;
        }
        if (restartCluster(config, out, err)) {
            return OK;
        }
        return Restart.run(config, options.containsKey("all"), java.time.Duration.ofSeconds(timeout), out, err);
    }

    /**
     * With scaling on in the config, the request goes over Redis to every node of the cluster, this host's
     * included. Without scaling, or when Redis cannot be reached, this host's servers are signalled instead.
     */
    private static boolean restartCluster(Path config, PrintStream out, PrintStream err) {
        ReverbConfig loaded;
        try {
            loaded = ConfigLoader.load(config, null, Map.of(), System.getenv());
        } catch (ConfigException e) {
            return false;
        }
        if (!loaded.scaling().enabled()) {
            return false;
        }
        try {
            long nodes = dev.reverbj.cluster.RedisBroker.requestRestart(loaded.scaling());
            out.println("asked " + nodes + " cluster node(s) on Redis channel '" + loaded.scaling().channel() + "' to restart");
            return nodes > 0;
        } catch (RuntimeException e) {
            err.println("reverb restart: cannot reach Redis (" + rootMessage(e) + "); restarting this host's servers only");
            return false;
        }
    }

    private static int install(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = options("install", args, Map.of("env-file", true, "host", true, "port", true,
                "scheme", true, "force", false, "yaml", false), INSTALL_HELP, out, err);
        String port = options.getOrDefault("port", "8080");
        String scheme = options.getOrDefault("scheme", "http");
        String host = options.getOrDefault("host", "localhost");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            err.println("reverb install: --port must be 1..65535, got '" + port + "'");
            return USAGE;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            err.println("reverb install: --scheme must be http or https, got '" + scheme + "'");
            return USAGE;
        }
        if (host.isBlank() || host.contains("\"") || host.contains(" ")) {
            err.println("reverb install: --host must be a host name, got '" + host + "'");
            return USAGE;
        }
        Install.Credentials credentials = Install.Credentials.random(new SecureRandom());
        if (options.containsKey("yaml")) {
            if (options.containsKey("env-file") || options.containsKey("force")) {
                err.println("reverb install: --yaml prints to standard output; it takes no --env-file or --force");
                return USAGE;
            }
            out.print(Install.yaml(credentials));
            return OK;
        }
        Path envFile = Path.of(options.getOrDefault("env-file", ".env"));
        Install.Changes changes;
        try {
            changes = Install.writeEnv(envFile, Install.envLines(credentials, host, port, scheme),
                    options.containsKey("force"), out);
        } catch (IOException e) {
            err.println("reverb install: cannot write " + envFile + ": " + e.getMessage());
            return FAILED;
        }
        out.println(changes.summary(envFile) + " Start the server with: " + SelfCommand.of() + " start --env-file "
                + envFile);
        return OK;
    }

    /** {@code Reverb/J 0.1.0 (Java 25.0.1, /usr/lib/jvm/...)}: the build's version and the Java running it. */
    static String version() {
        String version = Main.class.getPackage().getImplementationVersion();
        return "Reverb/J " + (version == null ? "(development build)" : version) + " (Java "
                + System.getProperty("java.version") + ", " + System.getProperty("java.home") + ")";
    }

    /** One line per log record, unless the user brought their own java.util.logging configuration. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        try (var in = Main.class.getResourceAsStream("/reverb-logging.properties")) {
            if (in != null) {
                java.util.logging.LogManager.getLogManager().readConfiguration(in);
            }
        } catch (java.io.IOException e) {
            System.err.println("reverb: cannot read the built-in logging configuration: " + e.getMessage());
        }
    }

    private static Path pathOrNull(String raw) {
        return raw == null ? null : Path.of(raw);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
