package dev.reverbj.observe;

import java.util.concurrent.atomic.LongAdder;

import dev.reverbj.protocol.App;

/**
 * The meters of one app, held by its observer so that the hot path (a frame in, a frame out) costs a
 * {@link LongAdder} increment and no map lookup. Gauges are read from the app itself when scraped.
 */
final class AppMetrics {
    final String appId;
    final LongAdder opened = new LongAdder();
    final LongAdder closed = new LongAdder();
    final LongAdder pruned = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();
    final LongAdder subscriptions = new LongAdder();
    final LongAdder channelsCreated = new LongAdder();
    private volatile App app;

    AppMetrics(String appId) {
        this.appId = appId;
    }

    void bind(App app) {
        this.app = app;
    }

    /** Open connections now; never negative. */
    long connections() {
        App a = app;
        return a == null ? 0 : Math.max(0, a.connectionCount());
    }

    /** Occupied channels on this node now. */
    long channels() {
        App a = app;
        return a == null ? 0 : a.channels().channels().size();
    }

}
