package dev.reverbj.cli;

import java.io.PrintStream;

/**
 * {@code java -jar reverb.jar <command>}: prints the usage or the version, or hands the arguments to the command's
 * class ({@link StartCommand}, {@link RestartCommand}, {@link InstallCommand}, {@link ConfigCommand}).
 */
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
                case "start" -> StartCommand.run(args, out, err);
                case "restart" -> RestartCommand.run(args, out, err);
                case "install" -> InstallCommand.run(args, out, err);
                case "config" -> ConfigCommand.run(args, out, err);
                default -> {
                    err.println("reverb: unknown command '" + command + "' (try 'reverb --help')");
                    yield USAGE;
                }
            };
        } catch (CommandExit e) {
            return e.code();
        }
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
}
