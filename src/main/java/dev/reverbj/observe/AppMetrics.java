package dev.reverbj.observe;

import java.util.concurrent.atomic.LongAdder;

import dev.reverbj.protocol.App;

import io.helidon.metrics.api.Counter;

/**
 * The meters of one app, held by its observer so that the hot path (a frame in, a frame out) is an adder
 * increment on a cached handle, with no registry or map lookup. The gauges (connections, channels) are read
 * from the app itself when scraped.
 */
final class AppMetrics {
    final Counter opened;
    final Counter closed;
    final Counter pruned;
    final LongAdder received;
    final LongAdder sent;
    final LongAdder bytesIn;
    final LongAdder bytesOut;
    final Counter subscriptions;
    private volatile App app;

    AppMetrics(NodeMetrics.Meters meters) {
        this.opened = meters.counter("reverb_connections_opened", "WebSocket connections accepted.");
        this.closed = meters.counter("reverb_connections_closed", "Accepted WebSocket connections that ended.");
        this.pruned = meters.counter("reverb_connections_pruned",
                "Connections closed by the server for not answering a ping (4201).");
        this.received = meters.adder("reverb_messages_received", "Frames received from clients.");
        this.sent = meters.adder("reverb_messages_sent", "Frames written to clients.");
        this.bytesIn = meters.adder("reverb_bytes_received", "UTF-8 bytes of frames received from clients.");
        this.bytesOut = meters.adder("reverb_bytes_sent", "UTF-8 bytes of frames written to clients.");
        this.subscriptions = meters.counter("reverb_subscriptions", "Channel subscriptions that succeeded.");
        meters.gauge("reverb_connections", "Open WebSocket connections.", this::connections);
        meters.gauge("reverb_channels", "Occupied channels on this node.", this::channels);
    }

    void bind(App app) {
        this.app = app;
    }

    /** Open connections now; never negative. */
    private long connections() {
        App a = app;
        return a == null ? 0 : Math.max(0, a.connectionCount());
    }

    /** Occupied channels on this node now. */
    private long channels() {
        App a = app;
        return a == null ? 0 : a.channels().channels().size();
    }
}
