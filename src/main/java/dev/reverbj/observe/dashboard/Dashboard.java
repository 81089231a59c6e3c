package dev.reverbj.observe.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.reverbj.config.DashboardConfig;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.wire.JsonText;

import io.helidon.webserver.http.HttpRouting;

/**
 * The live dashboard of one node (docs/dashboard.md). The node adds the dashboard's observer to each app's with
 * {@link #with} while building its apps, calls {@link #start} once they exist, and adds the page's routes with
 * {@link #register}. When the dashboard is off, {@link #with} adds nothing and nothing else happens. A sampler
 * thread records each app's second into its {@link DashboardSeries} and, while a page is open, the figures for it.
 */
public final class Dashboard implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Dashboard.class.getName());

    private final DashboardConfig config;
    private final boolean clustered;
    private final DashboardFeed feed = new DashboardFeed();
    private final Map<String, DashboardObserver> observers = new LinkedHashMap<>();
    private final List<Tracked> tracked = new ArrayList<>();
    private volatile boolean closed;
    private Thread sampler;

    /** One app as the sampler follows it. Only the sampler thread touches the counters. */
    private static final class Tracked {
        final App app;
        final DashboardObserver observer;
        final DashboardSeries series = new DashboardSeries();
        long receivedBefore;
        long sentBefore;
        long receivedInSecond;
        long sentInSecond;

        Tracked(App app, DashboardObserver observer) {
            this.app = app;
            this.observer = observer;
        }
    }

    private Dashboard(DashboardConfig config, boolean clustered) {
        this.config = config;
        this.clustered = clustered;
    }

    /** @param clustered whether scaling is on (the page then shows cluster totals beside this node's) */
    public static Dashboard create(DashboardConfig config, boolean clustered) {
        return new Dashboard(config, clustered);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * The app's observers with the dashboard's added: {@code others} themselves when the dashboard is off, so
     * that it then costs the protocol nothing.
     */
    public List<Observer> with(String appId, List<Observer> others) {
        if (!enabled()) {
            return others;
        }
        DashboardObserver observer = new DashboardObserver(appId, feed);
        observers.put(appId, observer);
        List<Observer> all = new ArrayList<>(others);
        all.add(observer);
        return all;
    }

    /** Starts sampling the apps, once they are built with the observers {@link #observe} gave. */
    public void start(Apps apps) {
        if (!enabled()) {
            return;
        }
        for (App app : apps.all()) {
            DashboardObserver observer = observers.get(app.config().id());
            if (observer != null) {
                tracked.add(new Tracked(app, observer));
            }
        }
        sampler = Thread.ofPlatform().daemon().name("dashboard-sampler").start(this::sample);
    }

    /**
     * Adds the page and its feed under {@code prefix + path} (GET only, basic auth) to the routing of the port
     * the node chose for it.
     */
    public void register(HttpRouting.Builder routing, String prefix) {
        if (enabled()) {
            new DashboardRoutes(this, new DashboardAuth(config.username(), config.password()))
                    .register(routing, prefix + config.path());
        }
    }

    /** The page's path on the port it was registered on. */
    public String path(String prefix) {
        return prefix + config.path();
    }

    DashboardFeed feed() {
        return feed;
    }

    boolean closed() {
        return closed;
    }

    /** What a page gets first: the apps and their last 15 minutes. */
    String hello() {
        long now = System.currentTimeMillis() / 1000;
        StringBuilder out = new StringBuilder(16_384);
        out.append("{\"clustered\":").append(clustered).append(",\"seconds\":").append(DashboardSeries.SECONDS)
                .append(",\"queue\":").append(Viewer.CAPACITY).append(",\"apps\":[");
        for (int i = 0; i < tracked.size(); i++) {
            Tracked t = tracked.get(i);
            out.append(i > 0 ? "," : "").append("{\"id\":");
            JsonText.appendQuoted(out, t.app.config().id());
            out.append(",\"history\":");
            t.series.appendJson(out, now);
            out.append('}');
        }
        return out.append("]}").toString();
    }

    private void sample() {
        long next = (System.currentTimeMillis() / 1000 + 1) * 1000;
        while (!closed) {
            try {
                Thread.sleep(Math.max(1, next - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                return;
            }
            long second = next / 1000 - 1;
            next += 1000;
            try {
                tick(second);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "dashboard sample failed", e);
            }
        }
    }

    /** Records the second that just ended, and gives open pages the figures. */
    private void tick(long second) {
        for (Tracked t : tracked) {
            long received = t.observer.received();
            long sent = t.observer.sent();
            t.receivedInSecond = received - t.receivedBefore;
            t.sentInSecond = sent - t.sentBefore;
            t.receivedBefore = received;
            t.sentBefore = sent;
            t.series.record(second, Math.max(0, t.app.connectionCount()), t.receivedInSecond, t.sentInSecond);
        }
        if (!feed.watched()) {
            return;
        }
        StringBuilder out = new StringBuilder(4096);
        out.append("{\"t\":").append(second).append(",\"apps\":[");
        for (int i = 0; i < tracked.size(); i++) {
            Tracked t = tracked.get(i);
            out.append(i > 0 ? "," : "");
            DashboardStats.appendJson(out, t.app, clustered, t.observer, t.receivedInSecond, t.sentInSecond);
        }
        feed.stats(out.append("]}").toString());
    }

    /** Ends the open pages' streams and the sampler. */
    @Override
    public void close() {
        closed = true;
        Thread s = sampler;
        if (s != null) {
            s.interrupt();
        }
    }
}
