package dev.reverbj.protocol;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cache channels keep their last event for the TTL, with or without subscribers (SPEC.md section 3). */
class CacheChannelTest {
    private final AtomicLong now = new AtomicLong(0);
    private final ChannelManager channels = new ChannelManager(now::get, Duration.ofSeconds(30), 100,
            ChannelManager.ChannelEvents.NONE);
    private final ChannelName cache = ChannelName.of("cache-scores");

    @Test
    void theLastEventIsKeptForTheTtlThenForgotten() {
        channels.deliver(cache, "first", null);
        channels.deliver(cache, "second", null);
        now.addAndGet(29_999);
        assertEquals("second", channels.cachedEvent(cache).orElseThrow());
        now.addAndGet(1);
        assertTrue(channels.cachedEvent(cache).isEmpty());
    }

    @Test
    void aNewEventRestartsTheTtl() {
        channels.deliver(cache, "first", null);
        now.addAndGet(20_000);
        channels.deliver(cache, "second", null);
        now.addAndGet(20_000);
        assertEquals("second", channels.cachedEvent(cache).orElseThrow());
    }

    @Test
    void otherChannelsKeepNothing() {
        ChannelName plain = ChannelName.of("scores");
        channels.deliver(plain, "event", null);
        assertTrue(channels.cachedEvent(plain).isEmpty());
    }

    @Test
    void expiredEntriesAreSweptAway() {
        channels.deliver(cache, "event", null);
        now.addAndGet(30_000);
        channels.expireCache();
        assertTrue(channels.cachedEvent(cache).isEmpty());
    }
}
