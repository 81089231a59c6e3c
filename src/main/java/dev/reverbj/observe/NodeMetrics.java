package dev.reverbj.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import dev.reverbj.cluster.BrokerMetrics;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.webhook.WebhookMetrics;

import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.FunctionalCounter;
import io.helidon.metrics.api.Gauge;
import io.helidon.metrics.api.Meter;
import io.helidon.metrics.api.MeterRegistry;
import io.helidon.metrics.api.Tag;

/**
 * The meters of one node, as Helidon meters in {@link MetricsEndpoint#registry()}, served with Helidon's JVM and
 * process meters at {@code /metrics}. Every handle is created once (per app at start-up, per refusal code or API
 * route on first use) and cached by its user, so counting costs no lookup: the per-frame counters are
 * {@link LongAdder}s read by Helidon functional counters, the others Helidon counters. Gauges are read from live
 * state when scraped, so they cannot drift or go negative.
 *
 * <p>Every meter carries a {@code node} tag, this node's number in its JVM ({@code "1"} for a server started from
 * the command line): Helidon keeps one registry per JVM, and the tag keeps the meters of several nodes in one JVM
 * (tests, embedding) apart. {@link #close()} removes the node's meters.
 */
public final class NodeMetrics implements AutoCloseable {
    private static final AtomicInteger NODES = new AtomicInteger();

    private final Meters meters;
    private final Map<String, AppMetrics> apps = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> refused = new ConcurrentHashMap<>();
    private final Map<String, Counter> httpCalls = new ConcurrentHashMap<>();
    private final Counter eventsDropped;
    private volatile BooleanSupplier ready = () -> true;

    private NodeMetrics(String node) {
        this.meters = new Meters(MetricsEndpoint.registry(), List.of(Tag.create("node", node)));
        this.eventsDropped = meters.counter("reverb_server_events_dropped",
                "Server events not delivered to a listener because its queue was full.");
        meters.gauge("reverb_ready", "1 while the node accepts connections, 0 while it drains.",
                () -> ready.getAsBoolean() ? 1 : 0);
    }

    /** This node's meters, numbered after the nodes already started in this JVM. */
    public static NodeMetrics create() {
        return new NodeMetrics(Integer.toString(NODES.incrementAndGet()));
    }

    /** The value of this node's {@code node} tag. */
    public String node() {
        return meters.tags.getFirst().value();
    }

    /** The meters of one app, created once at start-up and cached by its observer. */
    AppMetrics app(String appId) {
        return apps.computeIfAbsent(appId, id -> new AppMetrics(meters.with("app", id)));
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
        refused.computeIfAbsent(reason.code(), code -> meters.with("reason", Integer.toString(code))
                .counter("reverb_connections_rejected", "WebSocket connections refused at open, by Pusher error code "
                        + "(4001 unknown app, 4004 over quota, 4009 origin, 4100 node full, 4200 draining).")).increment();
    }

    /** One HTTP API call answered; {@code route} is like {@code "POST events"}. */
    public void httpCall(String route, int status) {
        httpCalls.computeIfAbsent(route + ' ' + status, k -> meters.with("route", route).with("status", Integer.toString(status))
                .counter("reverb_http_api_requests", "HTTP API requests by route and status.")).increment();
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

    /**
     * The hook a clustered broker reports through. The broker meters exist from this call on, so a node without
     * scaling has none.
     */
    public BrokerMetrics broker() {
        Counter published = meters.counter("reverb_broker_published", "Messages published to the cluster.");
        Counter failed = meters.counter("reverb_broker_publish_failures", "Publishes to the cluster that failed.");
        Counter received = meters.counter("reverb_broker_received", "Messages received from other nodes.");
        Counter outages = meters.counter("reverb_broker_outages", "Times the connection to the cluster was lost.");
        AtomicBoolean down = new AtomicBoolean();
        meters.gauge("reverb_broker_up", "0 while the connection to the cluster is lost.", () -> down.get() ? 0 : 1);
        return new BrokerMetrics() {
            @Override
            public void published() {
                published.increment();
            }

            @Override
            public void publishFailed() {
                failed.increment();
            }

            @Override
            public void received() {
                received.increment();
            }

            @Override
            public void connectivity(boolean isDown) {
                if (down.getAndSet(isDown) != isDown && isDown) {
                    outages.increment();
                }
            }

            @Override
            public void outbox(LongSupplier unsent) {
                meters.gauge("reverb_broker_outbox", "Envelopes for other nodes waiting in the outbox: the backlog "
                        + "of an outage, sent in order once Redis is back (503 for publishes when it is full).", unsent);
            }
        };
    }

    /** The hook the webhook senders report through; the webhook meters exist from this call on. */
    public WebhookMetrics webhooks() {
        Map<String, Counter> requests = new ConcurrentHashMap<>();
        Counter retries = meters.counter("reverb_webhook_retries", "Webhook POSTs tried again after a failure.");
        Counter dropped = meters.counter("reverb_webhook_events_dropped",
                "Webhook events given up on (queue full or retries exhausted).");
        AtomicLong queued = new AtomicLong();
        meters.gauge("reverb_webhook_queue_depth", "Webhook events waiting to be sent.", queued::get);
        return new WebhookMetrics() {
            @Override
            public void request(String result) {
                requests.computeIfAbsent(result, r -> meters.with("result", r).counter("reverb_webhook_requests",
                        "Webhook POSTs by result: ok, rejected (4xx), server_error (5xx), timeout, refused, failed."))
                        .increment();
            }

            @Override
            public void retried() {
                retries.increment();
            }

            @Override
            public void dropped(int events) {
                dropped.increment(events);
            }

            @Override
            public void queued(int delta) {
                queued.addAndGet(delta);
            }
        };
    }

    /** Removes this node's meters from the registry; its counters stop being served. */
    @Override
    public void close() {
        meters.removeAll();
    }

    /** Registers meters with a fixed set of tags and remembers them (shared by every {@link #with} copy) for removal. */
    static final class Meters {
        private final MeterRegistry registry;
        private final List<Tag> tags;
        private final List<Meter> registered;

        private Meters(MeterRegistry registry, List<Tag> tags) {
            this(registry, tags, new CopyOnWriteArrayList<>());
        }

        private Meters(MeterRegistry registry, List<Tag> tags, List<Meter> registered) {
            this.registry = registry;
            this.tags = tags;
            this.registered = registered;
        }

        Meters with(String key, String value) {
            List<Tag> more = new ArrayList<>(tags);
            more.add(Tag.create(key, value));
            return new Meters(registry, List.copyOf(more), registered);
        }

        /**
         * A counter for the hot path (per frame or per recipient): a {@link LongAdder} the caller increments, served as
         * a Helidon functional counter that reads it when scraped. A Helidon counter's increment costs ~150 ns here
         * (Micrometer's composite and Prometheus counters, with exemplar sampling) against ~10 ns for the adder.
         */
        LongAdder adder(String name, String help) {
            LongAdder adder = new LongAdder();
            registered.add(registry.getOrCreate(FunctionalCounter.builder(name, adder, LongAdder::sum)
                    .description(help).tags(tags)));
            return adder;
        }

        /** A counter; Prometheus shows it as {@code name_total}. */
        Counter counter(String name, String help) {
            Counter counter = registry.getOrCreate(Counter.builder(name).description(help).tags(tags));
            registered.add(counter);
            return counter;
        }

        void gauge(String name, String help, LongSupplier value) {
            registered.add(registry.getOrCreate(Gauge.builder(name, value::getAsLong).description(help).tags(tags)));
        }

        void removeAll() {
            registered.forEach(registry::remove);
            registered.clear();
        }
    }
}
