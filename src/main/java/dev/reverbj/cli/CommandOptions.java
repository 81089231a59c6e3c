package dev.reverbj.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The options of one command, as every command parses them: each command's own plus {@code --help}. */
final class CommandOptions {
    private CommandOptions() {
    }

    /**
     * A command's options; on a bad argument prints one line and exits with 2, on {@code --help} prints the
     * command's help and exits with 0.
     *
     * @throws CommandExit when the command should end here
     */
    static Map<String, String> parse(String command, String[] args, Map<String, Boolean> known, String help,
                                     PrintStream out, PrintStream err) {
        Map<String, Boolean> withHelp = new HashMap<>(known);
        withHelp.put("help", false);
        Map<String, String> options;
        try {
            options = Arguments.parse(args, 1, withHelp);
        } catch (IllegalArgumentException e) {
            err.println("reverb " + command + ": " + e.getMessage() + " (try 'reverb " + command + " --help')");
            throw new CommandExit(Main.USAGE);
        }
        if (options.containsKey("help")) {
            out.print(help);
            throw new CommandExit(Main.OK);
        }
        return options;
    }

    /** The path an option names, or null when the option was not given. */
    static Path path(Map<String, String> options, String name) {
        String raw = options.get(name);
        return raw == null ? null : Path.of(raw);
    }
}
