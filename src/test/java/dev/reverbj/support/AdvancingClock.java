package dev.reverbj.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.protocol.Clock;

/** Real monotonic time plus an offset a test moves forward, so a server "waits" without the test sleeping. */
public final class AdvancingClock implements Clock {
    private final AtomicLong offset = new AtomicLong();

    @Override
    public long millis() {
        return Clock.SYSTEM.millis() + offset.get();
    }

    public void advance(Duration by) {
        offset.addAndGet(by.toMillis());
    }
}
