package dev.reverbj.cli;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/** {@code reverb config --print}: the configuration {@code start} would run with, as JSON with each value's source. */
final class ConfigCommand {
    private static final String CONFIG_HELP = """
            Usage: reverb config --print [start options]

            Prints the configuration 'reverb start' with the same options would run with, as JSON: one line
            per setting, {"source": ..., "value": ...}, where source is "default", the file, "environment
            variable X" or "--flag". Secrets (app secrets, Redis passwords, the password in a Redis URL) are
            printed as "<hidden>". Problems are reported and exit 2, as 'start' does. ops/render.sh reads it.

            Options: --print, and those of 'reverb start' (--config, --env-file, --host, --port, --path,
            --hostname, --debug, --dev).
            """;

    private ConfigCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Boolean> known = new HashMap<>(StartCommand.OPTIONS);
        known.put("print", false);
        Map<String, String> options = CommandOptions.parse("config", args, known, CONFIG_HELP, out, err);
        if (!options.containsKey("print")) {
            err.println("reverb config: nothing to do; use --print (try 'reverb config --help')");
            return Main.USAGE;
        }
        out.print(ConfigJson.of(StartCommand.load(options, err)));
        return Main.OK;
    }
}
