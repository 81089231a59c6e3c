package dev.reverbj.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Restart without a gap (ops/README.md), for servers with {@code reverb.server.handover-timeout} above 0,
 * which bind their port with {@code SO_REUSEPORT}:
 * <ul>
 *   <li>a server that is up takes over from the servers this host runs on the same address and port (their
 *       state files): it sends them SIGTERM; each stops listening, then closes its clients with 4200, and
 *       pusher-js reconnects at once, to the new server, the only one still listening;</li>
 *   <li>SIGHUP tells a server that a successor is starting ({@code ops/handover.sh} sends it when its process
 *       manager stops it): it keeps serving until the successor takes over, or for the handover timeout, and
 *       then shuts down by itself.</li>
 * </ul>
 * Clients thus always find a ready server: neither the old one's draining nor the new one's start-up meets
 * their immediate reconnect, which pusher-js would otherwise retry only after 15 s.
 */
final class Handover {
    /** Marks a process started by {@code ops/handover.sh}; {@code reverb restart} signals that wrapper instead. */
    static final String WRAPPER = "handover.sh";

    private Handover() {
    }

    /** The live servers this host runs on {@code host:port}, other than this process (read before registering). */
    static List<ProcessHandle> predecessors(String host, int port) {
        long self = ProcessHandle.current().pid();
        return RunningServers.list().stream()
                .filter(e -> e.host().equals(host) && e.port() == port && e.pid() != self)
                .flatMap(e -> e.process().stream())
                .toList();
    }

    /** Sends SIGTERM to each predecessor: it closes its clients with 4200 and exits. */
    static void takeOver(List<ProcessHandle> predecessors, String address, PrintStream out) {
        for (ProcessHandle old : predecessors) {
            if (old.destroy()) {
                out.println("Took over " + address + " from pid " + old.pid() + ": it closes its clients with 4200 now");
            }
        }
    }

    /**
     * SIGHUP: wait for a successor for at most {@code timeout}, then run {@code shutdown}. The successor's SIGTERM
     * ends the wait earlier through the usual graceful shutdown.
     */
    static boolean onSuccessorExpected(Duration timeout, Runnable shutdown, PrintStream out) {
        AtomicBoolean waiting = new AtomicBoolean();
        return Signals.onHangup(() -> {
            if (!waiting.compareAndSet(false, true)) {
                return;
            }
            out.println("A successor is starting: serving until it takes over, at most " + timeout.toSeconds() + " s");
            Thread.ofPlatform().name("reverb-handover").daemon().start(() -> {
                try {
                    Thread.sleep(timeout);
                } catch (InterruptedException e) {
                    return;
                }
                out.println("No successor took over within " + timeout.toSeconds() + " s: shutting down");
                shutdown.run();
            });
        });
    }

    /**
     * A restart this server is asked for (over Redis): under {@code ops/handover.sh}, stop the wrapper, which hands
     * this server over to the successor its process manager starts; otherwise {@code shutdown}.
     */
    static void restart(Runnable shutdown) {
        ProcessHandle self = ProcessHandle.current();
        ProcessHandle target = restartTarget(self);
        if (target.equals(self) || !target.destroy()) {
            shutdown.run();
        }
    }

    /**
     * What {@code reverb restart} signals for a server: the {@code ops/handover.sh} wrapper it runs under, if any
     * (the wrapper hands the server over and exits, so its process manager starts the successor at once),
     * else the server itself (it drains and exits; a process manager starts it again afterwards).
     */
    static ProcessHandle restartTarget(ProcessHandle server) {
        return server.parent()
                .filter(p -> p.info().commandLine().orElse("").contains(WRAPPER))
                .orElse(server);
    }
}
