package dev.reverbj.protocol;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The ping/prune sweep over every connection (SPEC.md section 5), subscribed or not. It runs often
 * enough that a 2 s ping interval is honoured within a fraction of a second. Sending only queues, so a
 * sweep over many connections is quick and never waits on a socket.
 */
public final class Liveness implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Liveness.class.getName());
    private final Apps apps;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    private Liveness(Apps apps, Clock clock) {
        this.apps = apps;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("liveness").factory());
    }

    public static Liveness start(Apps apps, Clock clock) {
        Liveness liveness = new Liveness(apps, clock);
        long shortest = apps.all().stream().mapToLong(a -> a.config().pingInterval().toMillis()).min().orElse(60_000);
        long period = Math.clamp(shortest / 8, 50, 1_000);
        liveness.timer.scheduleWithFixedDelay(liveness::sweepSafely, period, period, TimeUnit.MILLISECONDS);
        return liveness;
    }

    /** One pass over every connection of every app. */
    public void sweep() {
        long now = clock.millis();
        for (App app : apps.all()) {
            for (Session session : app.sessions()) {
                if (session.checkLiveness(now)) {
                    app.observer().pruned(session);
                    // A network outage prunes thousands at once: one line per interval, with the count.
                    apps.warnings().report(System.Logger.Level.INFO, "pruned connections",
                            "app=" + app.config().id() + " socket=" + session.socketId() + ": no pong within ping-interval");
                }
            }
            app.channels().expireCache();
        }
        apps.warnings().flush();
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "liveness sweep failed", e);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
