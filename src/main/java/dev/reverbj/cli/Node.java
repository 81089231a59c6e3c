package dev.reverbj.cli;

import java.time.Duration;
import java.util.List;

import dev.reverbj.api.HttpApi;
import dev.reverbj.cluster.Broker;
import dev.reverbj.cluster.Holds;
import dev.reverbj.cluster.LocalBroker;
import dev.reverbj.cluster.RedisBroker;
import dev.reverbj.config.ReverbConfig;
import dev.reverbj.observe.AppObserver;
import dev.reverbj.observe.MetricsEndpoint;
import dev.reverbj.observe.NodeMetrics;
import dev.reverbj.observe.ServerEvents;
import dev.reverbj.observe.dashboard.Dashboard;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.Hub;
import dev.reverbj.protocol.Liveness;
import dev.reverbj.protocol.Observers;
import dev.reverbj.transport.ReverbServer;
import dev.reverbj.webhook.Transitions;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;

/** One running Reverb/J node: apps, broker, liveness sweep and web server, wired by constructors. */
public final class Node implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Node.class.getName());

    private final ReverbConfig config;
    private final Apps apps;
    private final Broker broker;
    private final Hub hub;
    private final Liveness liveness;
    private final ReverbServer server;
    private final NodeMetrics metrics;
    private final ServerEvents events;
    private final Transitions transitions;
    private final Dashboard dashboard;
    private boolean closed;

    private Node(ReverbConfig config, Apps apps, Broker broker, Hub hub, Liveness liveness, ReverbServer server,
                 NodeMetrics metrics, ServerEvents events, Transitions transitions, Dashboard dashboard) {
        this.config = config;
        this.apps = apps;
        this.broker = broker;
        this.hub = hub;
        this.liveness = liveness;
        this.server = server;
        this.metrics = metrics;
        this.events = events;
        this.transitions = transitions;
        this.dashboard = dashboard;
    }

    public static Node start(ReverbConfig config) {
        return start(config, Clock.SYSTEM);
    }

    /** @param clock every protocol and cluster time source (tests advance their own) */
    public static Node start(ReverbConfig config, Clock clock) {
        NodeMetrics metrics = NodeMetrics.create();
        ServerEvents events = ServerEvents.load(metrics);
        Broker broker = config.scaling().enabled() ? RedisBroker.create(config.scaling(), metrics.broker(), clock)
                : new LocalBroker();
        Hub hub = Hub.of(broker, broker, broker::presence);
        Transitions transitions = Transitions.start(Holds.create(config.scaling(), Holds.newNodeId()), config.apps(),
                metrics.webhooks());
        Dashboard dashboard = Dashboard.create(config.dashboard(), config.scaling().enabled());
        List<App> appList = config.apps().stream()
                .map(a -> new App(a, hub, clock, Observers.of(dashboard.with(a.id(), List.of(
                        new AppObserver(a.id(), metrics, events), transitions.observer(a))))))
                .toList();
        metrics.bind(appList);
        Apps apps = new Apps(appList, metrics.unknownApps());
        hub.serve(apps);
        metrics.readiness(() -> apps.isAccepting() && hub.linked());
        transitions.bind(apps);
        broker.start(hub);
        dashboard.start(apps);
        Liveness liveness = Liveness.start(apps, clock);
        String prefix = config.server().path();
        HttpApi api = new HttpApi(apps, prefix, config.server().maxRequestSize(), () -> System.currentTimeMillis() / 1000,
                metrics::httpCall);
        boolean adminPort = config.server().metricsPort() > 0;
        ReverbServer server = ReverbServer.start(config, apps, routing -> {
            routes(routing, prefix);
            if (!adminPort) {
                observeRoutes(routing, "", apps, hub);
                if (!prefix.isEmpty()) {
                    observeRoutes(routing, prefix, apps, hub);
                }
                dashboard.register(routing, prefix);
            }
            api.register(routing);
        }, routing -> {
            routes(routing, "");
            observeRoutes(routing, "", apps, hub);
            dashboard.register(routing, "");
        }, MetricsEndpoint::feature);
        if (dashboard.enabled()) {
            LOG.log(System.Logger.Level.INFO, "dashboard at http://{0}:{1}{2} (basic auth)", config.server().host(),
                    Integer.toString(adminPort ? server.adminPort() : server.port()), dashboard.path(adminPort ? "" : prefix));
        }
        return new Node(config, apps, broker, hub, liveness, server, metrics, events, transitions, dashboard);
    }

    /** {@code GET /up}, unsigned, at the root and under the path prefix (SPEC.md section 7). */
    private static void routes(HttpRouting.Builder routing, String prefix) {
        Handler up = (req, res) -> {
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            res.send("{\"health\":\"OK\"}");
        };
        routing.get("/up", up);
        if (!prefix.isEmpty()) {
            routing.get(prefix + "/up", up);
        }
    }

    /**
     * {@code /ready} (200 while serving; 503 while draining, and with scaling on until the node is linked to the
     * cluster), and {@code {path}/metrics} as a second name for {@code /metrics}, which Helidon's metrics feature
     * serves ({@link MetricsEndpoint}).
     */
    private static void observeRoutes(HttpRouting.Builder routing, String prefix, Apps apps, Hub hub) {
        if (!prefix.isEmpty()) {
            routing.get(prefix + MetricsEndpoint.PATH, (req, res) -> res.reroute(MetricsEndpoint.PATH, req.query()));
        }
        routing.get(prefix + "/ready", (req, res) -> {
            String reason = !apps.isAccepting() ? "draining" : !hub.linked() ? "not linked to the cluster" : null;
            res.status(reason == null ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
            res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "application/json"));
            res.send(reason == null ? "{\"ready\":true}" : "{\"ready\":false,\"reason\":\"" + reason + "\"}");
        });
    }

    public int port() {
        return server.port();
    }

    /** Waits (at most {@code wait}) until the node is linked to the cluster; at once without scaling. */
    public void awaitLinked(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!hub.linked() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The {@code reverb.server.metrics-port} listener's port, or -1 when there is none. */
    public int metricsPort() {
        return server.adminPort();
    }

    public Apps apps() {
        return apps;
    }

    public ReverbConfig config() {
        return config;
    }

    public Broker broker() {
        return broker;
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    /**
     * Graceful shutdown: refuses new sockets (4200) and turns {@code /ready} to 503, stops listening, then closes
     * every client with 4200 "Server restarting, reconnect now" (pusher-js reconnects at once: to the successor
     * under a hand-over, to another node, or to this one once restarted), waits for them to go within
     * {@code reverb.server.shutdown-timeout}, then stops. Listening stops first so that no reconnect can land on
     * this server again. Safe to call more than once and from any thread.
     */
    public synchronized void shutdown() {
        if (closed) {
            return;
        }
        apps.stopAccepting();
        int clients = apps.all().stream().mapToInt(App::connectionCount).sum();
        LOG.log(System.Logger.Level.INFO, "shutting down: telling {0} clients to reconnect (4200)", clients);
        // Its event streams would hold the server's stop for the whole grace.
        dashboard.close();
        server.drain();
        close();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        apps.stopAccepting();
        liveness.close();
        dashboard.close();
        server.close();
        transitions.close();
        broker.close();
        events.close(500);
        metrics.close();
    }
}
