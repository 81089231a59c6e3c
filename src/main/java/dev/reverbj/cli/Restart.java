package dev.reverbj.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code reverb restart}: sends SIGTERM to each server of this host whose state file names the same
 * config ({@link RunningServers}) and waits for it to exit. The servers shut down gracefully (4200 to every
 * client) and exit 0, and their supervisor starts them again.
 *
 * <p>With scaling on, {@link dev.reverbj.cluster.Broker#restartAll()} reaches the nodes of other hosts;
 * this command then asks the broker first (docs/operations.md).
 */
final class Restart {
    private Restart() {
    }

    static int run(Path config, boolean all, Duration timeout, PrintStream out, PrintStream err) {
        String wanted = RunningServers.configKey(config);
        List<RunningServers.Entry> targets = new ArrayList<>();
        for (RunningServers.Entry entry : RunningServers.list()) {
            if (entry.process().isEmpty()) {
                RunningServers.remove(entry.file());
                continue;
            }
            if (all || entry.config().equals(wanted)) {
                targets.add(entry);
            }
        }
        if (targets.isEmpty()) {
            err.println("reverb restart: no running Reverb/J server found for "
                    + (all ? "any config" : config == null ? "servers started without --config" : "config " + wanted)
                    + " (state files in " + RunningServers.directory() + ")");
            return Main.FAILED;
        }
        List<ProcessHandle> signalled = new ArrayList<>();
        for (RunningServers.Entry entry : targets) {
            Optional<ProcessHandle> process = entry.process();
            if (process.isPresent() && Handover.restartTarget(process.get()).destroy()) {
                out.println("restarting Reverb/J pid " + entry.pid() + " on " + entry.host() + ":" + entry.port());
                signalled.add(process.get());
            } else {
                err.println("reverb restart: cannot signal pid " + entry.pid() + " (not ours to signal?)");
            }
        }
        int failed = targets.size() - signalled.size();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle process : signalled) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                process.onExit().get(left, TimeUnit.NANOSECONDS);
                out.println("pid " + process.pid() + " stopped");
            } catch (Exception e) {
                err.println("reverb restart: pid " + process.pid() + " did not stop within " + timeout.toSeconds() + " s");
                failed++;
            }
        }
        return failed == 0 ? Main.OK : Main.FAILED;
    }
}
