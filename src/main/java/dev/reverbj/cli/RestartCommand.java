package dev.reverbj.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.reverbj.cluster.RedisBroker;
import dev.reverbj.config.ConfigException;
import dev.reverbj.config.ConfigLoader;
import dev.reverbj.config.ReverbConfig;

/**
 * {@code reverb restart}: asks every node of the cluster over Redis when the config has scaling on, else signals this
 * host's servers through {@link Restart}.
 */
final class RestartCommand {
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

    private RestartCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> options = CommandOptions.parse("restart", args,
                Map.of("config", true, "all", false, "timeout", true), RESTART_HELP, out, err);
        int timeout;
        try {
            timeout = Integer.parseInt(options.getOrDefault("timeout", "30"));
        } catch (NumberFormatException e) {
            timeout = 0;
        }
        if (timeout < 1) {
            err.println("reverb restart: --timeout must be a whole number of seconds >= 1 (try 'reverb restart --help')");
            return Main.USAGE;
        }
        Path config = CommandOptions.path(options, "config");
        if (config != null && !Files.isRegularFile(config)) {
            err.println("reverb restart: --config " + config + ": the file does not exist");
            return Main.USAGE;
        }
        if (restartCluster(config, out, err)) {
            return Main.OK;
        }
        return Restart.run(config, options.containsKey("all"), Duration.ofSeconds(timeout), out, err);
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
            long nodes = RedisBroker.requestRestart(loaded.scaling());
            out.println("asked " + nodes + " cluster node(s) on Redis channel '" + loaded.scaling().channel() + "' to restart");
            return nodes > 0;
        } catch (RuntimeException e) {
            err.println("reverb restart: cannot reach Redis (" + RootCause.message(e) + "); restarting this host's servers only");
            return false;
        }
    }
}
