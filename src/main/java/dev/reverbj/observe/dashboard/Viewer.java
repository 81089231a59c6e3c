package dev.reverbj.observe.dashboard;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One open dashboard page: a bounded, lossy queue of console events and the latest figures. Producers are
 * protocol threads and the sampler, and never wait: {@link #offer} on a full queue drops the event and counts
 * it, so a page that cannot keep up loses console lines, never slows a client. Only the viewer's own request
 * thread drains it.
 */
final class Viewer {
    /** Console events a page may fall behind by before newer ones are dropped. */
    static final int CAPACITY = 2_000;

    private final ConcurrentLinkedQueue<ConsoleEvent> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicReference<String> stats = new AtomicReference<>();

    void offer(ConsoleEvent event) {
        if (size.incrementAndGet() > CAPACITY) {
            size.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(event);
    }

    /** Replaces the figures not yet sent: a page only ever needs the newest. */
    void stats(String json) {
        stats.set(json);
    }

    String takeStats() {
        return stats.getAndSet(null);
    }

    /** Up to {@code max} queued events, oldest first. */
    List<ConsoleEvent> drain(int max) {
        List<ConsoleEvent> out = new ArrayList<>();
        ConsoleEvent e;
        while (out.size() < max && (e = queue.poll()) != null) {
            size.decrementAndGet();
            out.add(e);
        }
        return out;
    }

    /** Events dropped for this viewer since it connected. */
    long dropped() {
        return dropped.get();
    }
}
