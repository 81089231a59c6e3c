package dev.reverbj.observe;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

import dev.reverbj.cluster.BrokerMetrics;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.webhook.WebhookMetrics;

/**
 * The meters of one node, rendered as Prometheus text (format 0.0.4) at {@code /metrics}. Counters are
 * {@link LongAdder}s, so increments from many connection threads never contend and are never lost; gauges
 * are read from live state when scraped, so they cannot drift or go negative.
 *
 * <p>These are node-scoped objects rather than meters in Helidon's global registry: with the Micrometer
 * provider of Helidon 4.5 every registry shares one Prometheus registry per JVM, so two nodes in one JVM
 * (tests, embedding) would read each other's gauges, and a per-frame increment there costs a tag lookup.
 */
public final class NodeMetrics {
    private final Map<String, AppMetrics> apps = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> httpCalls = new ConcurrentHashMap<>();
    private final LongAdder eventsDropped = new LongAdder();
    private final LongAdder brokerPublished = new LongAdder();
    private final LongAdder brokerPublishFailed = new LongAdder();
    private final LongAdder brokerReceived = new LongAdder();
    private final LongAdder brokerOutages = new LongAdder();
    private final AtomicBoolean brokerDown = new AtomicBoolean();
    private final Map<String, LongAdder> webhookRequests = new ConcurrentHashMap<>();
    private final LongAdder webhookRetries = new LongAdder();
    private final LongAdder webhookDropped = new LongAdder();
    private final LongAdder webhookQueued = new LongAdder();
    private volatile BooleanSupplier ready = () -> true;

    /** The meters of one app, created once at start-up and cached by its observer. */
    AppMetrics app(String appId) {
        return apps.computeIfAbsent(appId, AppMetrics::new);
    }

    /** Binds the apps whose gauges (connections, channels) are read at scrape time. */
    public void bind(List<App> list) {
        for (App a : list) {
            app(a.config().id()).bind(a);
        }
    }

    public void readiness(BooleanSupplier ready) {
        this.ready = ready;
    }

    void refused(PusherError reason) {
        refused.computeIfAbsent(Integer.toString(reason.code()), k -> new LongAdder()).increment();
    }

    /** One HTTP API call answered; {@code route} is like {@code "POST events"}. */
    public void httpCall(String route, int status) {
        httpCalls.computeIfAbsent(route + '\u0000' + status, k -> new LongAdder()).increment();
    }

    /** Counts sockets refused with 4001, which have no app (and so no app observer) to count them. */
    public Observer unknownApps() {
        return new Observer() {
            @Override
            public void refused(PusherError reason) {
                NodeMetrics.this.refused(reason);
            }
        };
    }

    void eventDropped() {
        eventsDropped.increment();
    }

    /** The hook a clustered broker reports through. */
    public BrokerMetrics broker() {
        return new BrokerMetrics() {
            @Override
            public void published() {
                brokerPublished.increment();
            }

            @Override
            public void publishFailed() {
                brokerPublishFailed.increment();
            }

            @Override
            public void received() {
                brokerReceived.increment();
            }

            @Override
            public void connectivity(boolean down) {
                if (brokerDown.getAndSet(down) != down && down) {
                    brokerOutages.increment();
                }
            }
        };
    }

    /** The hook the webhook senders report through. */
    public WebhookMetrics webhooks() {
        return new WebhookMetrics() {
            @Override
            public void request(String result) {
                webhookRequests.computeIfAbsent(result, k -> new LongAdder()).increment();
            }

            @Override
            public void retried() {
                webhookRetries.increment();
            }

            @Override
            public void dropped(int events) {
                webhookDropped.add(events);
            }

            @Override
            public void queued(int delta) {
                webhookQueued.add(delta);
            }
        };
    }

    /** Everything, as Prometheus text exposition format 0.0.4. Called by the scrape route. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        Map<String, AppMetrics> sorted = new TreeMap<>(apps);
        gauge(out, "reverb_ready", "1 while the node accepts connections, 0 while it drains.", ready.getAsBoolean() ? 1 : 0);
        perApp(out, sorted, "reverb_connections", "gauge", "Open WebSocket connections.", AppMetrics::connections);
        perApp(out, sorted, "reverb_connections_opened_total", "counter", "WebSocket connections accepted.",
                m -> m.opened.sum());
        perApp(out, sorted, "reverb_connections_closed_total", "counter", "Accepted WebSocket connections that ended.",
                m -> m.closed.sum());
        perApp(out, sorted, "reverb_connections_pruned_total", "counter",
                "Connections closed by the server for not answering a ping (4201).", m -> m.pruned.sum());
        header(out, "reverb_connections_rejected_total", "counter",
                "WebSocket connections refused at open, by Pusher error code (4001 unknown app, 4004 over quota, "
                        + "4009 origin, 4200 draining).");
        new TreeMap<>(refused).forEach((code, n) ->
                out.append("reverb_connections_rejected_total{reason=\"").append(code).append("\"} ").append(n.sum()).append('\n'));
        perApp(out, sorted, "reverb_channels", "gauge", "Occupied channels on this node.", AppMetrics::channels);
        perApp(out, sorted, "reverb_subscriptions_total", "counter", "Channel subscriptions that succeeded.",
                m -> m.subscriptions.sum());
        perApp(out, sorted, "reverb_messages_received_total", "counter", "Frames received from clients.",
                m -> m.received.sum());
        perApp(out, sorted, "reverb_messages_sent_total", "counter", "Frames written to clients.", m -> m.sent.sum());
        perApp(out, sorted, "reverb_bytes_received_total", "counter", "UTF-8 bytes of frames received from clients.",
                m -> m.bytesIn.sum());
        perApp(out, sorted, "reverb_bytes_sent_total", "counter", "UTF-8 bytes of frames written to clients.",
                m -> m.bytesOut.sum());
        header(out, "reverb_http_api_requests_total", "counter", "HTTP API requests by route and status.");
        new TreeMap<>(httpCalls).forEach((key, n) -> {
            int cut = key.indexOf('\u0000');
            out.append("reverb_http_api_requests_total{route=\"").append(escape(key.substring(0, cut)))
                    .append("\",status=\"").append(key.substring(cut + 1)).append("\"} ").append(n.sum()).append('\n');
        });
        counter(out, "reverb_server_events_dropped_total",
                "Server events not delivered to a listener because its queue was full.", eventsDropped.sum());
        counter(out, "reverb_broker_published_total", "Messages published to the cluster.", brokerPublished.sum());
        counter(out, "reverb_broker_publish_failures_total", "Publishes to the cluster that failed.",
                brokerPublishFailed.sum());
        counter(out, "reverb_broker_received_total", "Messages received from other nodes.", brokerReceived.sum());
        counter(out, "reverb_broker_outages_total", "Times the connection to the cluster was lost.", brokerOutages.sum());
        header(out, "reverb_webhook_requests_total", "counter",
                "Webhook POSTs by result: ok, rejected (4xx), server_error (5xx), timeout, refused, failed.");
        new TreeMap<>(webhookRequests).forEach((result, n) ->
                out.append("reverb_webhook_requests_total{result=\"").append(result).append("\"} ").append(n.sum()).append('\n'));
        counter(out, "reverb_webhook_retries_total", "Webhook POSTs tried again after a failure.", webhookRetries.sum());
        counter(out, "reverb_webhook_events_dropped_total",
                "Webhook events given up on (queue full or retries exhausted).", webhookDropped.sum());
        gauge(out, "reverb_webhook_queue_depth", "Webhook events waiting to be sent.", webhookQueued.sum());
        gauge(out, "reverb_broker_up", "0 while the connection to the cluster is lost.", brokerDown.get() ? 0 : 1);
        return out.toString();
    }

    private static void perApp(StringBuilder out, Map<String, AppMetrics> apps, String name, String type, String help,
                               ToLongFunction<AppMetrics> value) {
        header(out, name, type, help);
        for (AppMetrics m : apps.values()) {
            out.append(name).append("{app=\"").append(escape(m.appId)).append("\"} ").append(value.applyAsLong(m)).append('\n');
        }
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        header(out, name, "counter", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        header(out, name, "gauge", help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
