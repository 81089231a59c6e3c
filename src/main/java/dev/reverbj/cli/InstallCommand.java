package dev.reverbj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;

/** {@code reverb install}: checks its options, then has {@link Install} write fresh credentials to a .env or print YAML. */
final class InstallCommand {
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


    private InstallCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = CommandOptions.parse("install", args, Map.of("env-file", true, "host", true,
                "port", true, "scheme", true, "force", false, "yaml", false), INSTALL_HELP, out, err);
        String port = options.getOrDefault("port", "8080");
        String scheme = options.getOrDefault("scheme", "http");
        String host = options.getOrDefault("host", "localhost");
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            err.println("reverb install: --port must be 1..65535, got '" + port + "'");
            return Main.USAGE;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            err.println("reverb install: --scheme must be http or https, got '" + scheme + "'");
            return Main.USAGE;
        }
        if (host.isBlank() || host.contains("\"") || host.contains(" ")) {
            err.println("reverb install: --host must be a host name, got '" + host + "'");
            return Main.USAGE;
        }
        Install.Credentials credentials = Install.Credentials.random(new SecureRandom());
        if (options.containsKey("yaml")) {
            if (options.containsKey("env-file") || options.containsKey("force")) {
                err.println("reverb install: --yaml prints to standard output; it takes no --env-file or --force");
                return Main.USAGE;
            }
            out.print(Install.yaml(credentials));
            return Main.OK;
        }
        Path envFile = Path.of(options.getOrDefault("env-file", ".env"));
        Install.Changes changes;
        try {
            changes = Install.writeEnv(envFile, Install.envLines(credentials, host, port, scheme),
                    options.containsKey("force"), out);
        } catch (IOException e) {
            err.println("reverb install: cannot write " + envFile + ": " + e.getMessage());
            return Main.FAILED;
        }
        out.println(changes.summary(envFile) + " Start the server with: " + SelfCommand.of() + " start --env-file "
                + envFile);
        return Main.OK;
    }
}
