package dev.reverbj.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

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
              help      Show this help

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
              --help             show this help

            Precedence: embedded defaults < --config < --env-file < environment < flags.
            """;

    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        int code = run(args, System.out, System.err);
        if (code != OK) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        String command = args[0];
        return switch (command) {
            case "start" -> start(args, out, err);
            default -> {
                err.println("reverb: unknown command '" + command + "' (try 'reverb --help')");
                yield USAGE;
            }
        };
    }

    private static int start(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options;
        try {
            options = Arguments.parse(args, 1, Map.of("config", true, "env-file", true, "host", true, "port", true,
                    "path", true, "hostname", true, "debug", false, "help", false));
        } catch (IllegalArgumentException e) {
            err.println("reverb start: " + e.getMessage() + " (try 'reverb start --help')");
            return USAGE;
        }
        if (options.containsKey("help")) {
            out.print(START_HELP);
            return OK;
        }
        ReverbConfig config;
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
            config = ConfigLoader.load(pathOrNull(options.get("config")), pathOrNull(options.get("env-file")), flags,
                    System.getenv());
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("reverb: invalid configuration: " + p));
            return USAGE;
        }
        config.warnings().forEach(w -> err.println("reverb: warning: " + w));
        Node node;
        try {
            node = Node.start(config);
        } catch (RuntimeException e) {
            err.println("reverb: cannot start on " + config.server().host() + ":" + config.server().port() + ": "
                    + rootMessage(e));
            return FAILED;
        }
        out.println(startLine(config, node.port()));
        if (config.usingDefaultApp()) {
            out.println("No app is configured: serving the development app (app-id " + ConfigLoader.DEFAULT_APP_ID
                    + ", key " + ConfigLoader.DEFAULT_APP_KEY + ", secret " + ConfigLoader.DEFAULT_APP_SECRET
                    + "). Configure your own before going to production.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "reverb-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OK;
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

    static String startLine(ReverbConfig config, int port) {
        String apps = config.apps().stream()
                .map(a -> a.id() + " (key " + a.key() + ")")
                .collect(Collectors.joining(", "));
        String host = config.server().hostname().isEmpty() ? config.server().host() : config.server().hostname();
        return "Reverb/J listening on ws://" + host + ":" + port + config.server().path()
                + "/app/{key} (bound to " + config.server().host() + ":" + port + ") serving "
                + config.apps().size() + (config.apps().size() == 1 ? " app: " : " apps: ") + apps;
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
