package dev.reverbj.protocol;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps warnings that a crowd of clients can repeat (refused connections, slow consumers, oversized messages)
 * from flooding the log: the first of a kind is written at once; the ones that follow within the interval are
 * counted and written as one line with the count when the interval ends. So a kind costs at most one line per
 * interval, however many clients cause it. The interval ends on the next warning of the kind or on
 * {@link #flush}, which the liveness sweep calls about once a second. Thread-safe; calls never block for long.
 */
public final class RepeatedWarnings {
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final System.Logger LOG = System.getLogger(RepeatedWarnings.class.getName());

    /** Where the lines go: the log in production, a list in tests. */
    @FunctionalInterface
    public interface Sink {
        void write(System.Logger.Level level, String line);
    }

    private final Clock clock;
    private final long intervalMillis;
    private final Sink sink;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        final System.Logger.Level level;
        long start;
        int repeats;
        String last;

        Window(System.Logger.Level level, long start) {
            this.level = level;
            this.start = start;
        }
    }

    public RepeatedWarnings(Clock clock, Duration interval, Sink sink) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
        this.sink = sink;
    }

    /** Writes to this class's logger, with the default interval. */
    public static RepeatedWarnings toLog(Clock clock) {
        return new RepeatedWarnings(clock, DEFAULT_INTERVAL, LOG::log);
    }

    /** A warning of {@code kind} ("refused connections"); {@code detail} names the app, socket and cause. */
    public void warn(String kind, String detail) {
        report(System.Logger.Level.WARNING, kind, detail);
    }

    public void report(System.Logger.Level level, String kind, String detail) {
        String summary = null;
        boolean first = false;
        synchronized (windows) {
            long now = clock.millis();
            Window window = windows.get(kind);
            if (window != null) {
                summary = close(kind, window, now);
                window = windows.get(kind);
            }
            if (window == null) {
                windows.put(kind, new Window(level, now));
                first = true;
            } else {
                window.repeats++;
                window.last = detail;
            }
        }
        if (summary != null) {
            sink.write(level, summary);
        }
        if (first) {
            sink.write(level, kind + ": " + detail);
        }
    }

    /** Writes the count of every kind whose interval has ended. */
    public void flush() {
        Map<String, System.Logger.Level> due = new HashMap<>();
        Map<String, String> lines = new HashMap<>();
        synchronized (windows) {
            long now = clock.millis();
            for (Map.Entry<String, Window> e : Map.copyOf(windows).entrySet()) {
                String line = close(e.getKey(), e.getValue(), now);
                if (line != null) {
                    due.put(e.getKey(), e.getValue().level);
                    lines.put(e.getKey(), line);
                }
            }
        }
        lines.forEach((kind, line) -> sink.write(due.get(kind), line));
    }

    /**
     * Ends the window if its interval is over: returns the summary line when there were repeats (the window
     * restarts, counting on), and forgets the kind when there were none (its next warning is written at once).
     */
    private String close(String kind, Window window, long now) {
        if (now - window.start < intervalMillis) {
            return null;
        }
        if (window.repeats == 0) {
            windows.remove(kind);
            return null;
        }
        String line = kind + ": " + window.repeats + " more in the last " + (now - window.start) / 1000 + " s (last: "
                + window.last + ")";
        window.start = now;
        window.repeats = 0;
        return line;
    }
}
