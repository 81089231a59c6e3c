package dev.reverbj.protocol;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A crowd repeating one warning costs one log line per kind per interval, with the count (fake clock). */
class RepeatedWarningsTest {
    private final AtomicLong now = new AtomicLong(5_000);
    private final List<String> lines = new ArrayList<>();
    private final RepeatedWarnings warnings = new RepeatedWarnings(now::get, Duration.ofSeconds(10),
            (level, line) -> lines.add(level + " " + line));

    @Test
    void sevenHundredRefusalsInOneSecondAreTwoLines() {
        for (int i = 0; i < 718; i++) {
            warnings.warn("refused connections", "app=a socket=" + i + ": Origin not allowed");
            now.addAndGet(1);
        }
        warnings.flush();
        assertEquals(List.of("WARNING refused connections: app=a socket=0: Origin not allowed"), lines);
        now.addAndGet(10_000);
        warnings.flush();
        assertEquals(List.of("WARNING refused connections: app=a socket=0: Origin not allowed",
                "WARNING refused connections: 717 more in the last 10 s (last: app=a socket=717: Origin not allowed)"), lines);
    }

    @Test
    void kindsAreCountedApart() {
        warnings.warn("refused connections", "r1");
        warnings.warn("slow consumers", "s1");
        warnings.warn("slow consumers", "s2");
        now.addAndGet(10_000);
        warnings.flush();
        assertEquals(List.of("WARNING refused connections: r1", "WARNING slow consumers: s1",
                "WARNING slow consumers: 1 more in the last 10 s (last: s2)"), lines);
    }

    @Test
    void aSteadyTrickleIsOneLinePerInterval() {
        for (int second = 0; second < 60; second++) {
            warnings.warn("slow consumers", "s" + second);
            now.addAndGet(1_000);
            warnings.flush();
        }
        // The first at once, then one summary per 10 s interval.
        assertEquals(7, lines.size(), String.join("\n", lines));
    }

    @Test
    void aKindQuietForAWholeIntervalIsWrittenAtOnceAgain() {
        warnings.warn("slow consumers", "first");
        now.addAndGet(10_000);
        warnings.flush();
        now.addAndGet(30_000);
        warnings.report(System.Logger.Level.DEBUG, "slow consumers", "again");
        assertEquals(List.of("WARNING slow consumers: first", "DEBUG slow consumers: again"), lines);
    }
}
