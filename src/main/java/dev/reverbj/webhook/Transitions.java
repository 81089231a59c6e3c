package dev.reverbj.webhook;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reverbj.cluster.Holds;
import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.Session;
import dev.reverbj.protocol.wire.JsonText;
import dev.reverbj.protocol.wire.ServerFrames;

import jakarta.json.Json;
import jakarta.json.JsonArray;

/**
 * The node's worker for things announced once per cluster. Observer hooks ({@link AppHooks}) queue a task
 * naming what may have changed (a channel, a presence member, a signed-in user); the worker compares this
 * node's state with what it holds in {@link Holds} and, when the cluster as a whole changed, sends the
 * webhook ({@code channel_occupied} / {@code channel_vacated}, {@code member_added} / {@code member_removed}) or
 * publishes the watchlist event ({@code online} / {@code offline}) to the user's watchers through the hub.
 * Comparing state rather than replaying transitions makes the order in which hooks race harmless.
 *
 * <p>One worker thread, fed by a bounded queue ({@link #submit} never blocks; a full queue drops the task, counted
 * and logged once). Holds keys are JSON arrays: {@code ["c",app,channel]}, {@code ["m",app,channel,user]},
 * {@code ["u",app,user]}.
 */
public final class Transitions implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Transitions.class.getName());
    static final int QUEUE_CAPACITY = 100_000;
    private static final long SWEEP_MILLIS = 1000;
    /**
     * How long a node keeps holding what it just lost before it lets go: a page reload (the user is back within
     * a second) is not offline-then-online, and another node whose worker runs a little behind (it already
     * has subscribers but has not told Redis yet) is not missed, which would give a vacated-then-occupied pair.
     */
    static final long RELEASE_GRACE_MILLIS = 1000;

    private final Holds holds;
    private final WebhookMetrics metrics;
    private final Webhooks webhooks;
    private final BlockingQueue<Runnable> tasks = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean fullLogged = new AtomicBoolean();
    private final AtomicBoolean failingLogged = new AtomicBoolean();
    private final Thread worker;
    // Keys to look at again at a time (release grace, or an acquire Redis did not take), in deadline order; worker only.
    private final java.util.LinkedHashMap<String, Long> rechecks = new java.util.LinkedHashMap<>();
    private volatile Apps apps;
    private volatile boolean closed;

    private Transitions(Holds holds, List<AppConfig> appConfigs, WebhookMetrics metrics) {
        this.holds = holds;
        this.metrics = metrics;
        this.webhooks = new Webhooks(appConfigs, metrics);
        this.worker = Thread.ofPlatform().daemon().name("reverb-transitions").start(this::run);
    }

    /** Starts the worker and one sender per configured webhook; {@link #bind} must follow once apps exist. */
    public static Transitions start(Holds holds, List<AppConfig> apps, WebhookMetrics metrics) {
        return new Transitions(holds, apps, metrics);
    }

    /** The hooks of one app, to be combined with its other observers. */
    public Observer observer(AppConfig app) {
        return new AppHooks(app.id(), webhooks.of(app.id()), this);
    }

    public void bind(Apps apps) {
        this.apps = apps;
    }

    /** Queues work for the worker; never blocks. */
    void submit(Runnable task) {
        if (!tasks.offer(task) && fullLogged.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "webhook/watchlist queue full ({0} tasks): dropping changes "
                    + "(logged once)", QUEUE_CAPACITY);
        }
    }

    void webhook(String appId, WebhookEvent event) {
        webhooks.send(appId, event);
    }

    // ---- reconciling (worker thread only) ------------------------------------------------------------

    void channel(String appId, ChannelName name, boolean arrived) {
        change(key("c", appId, name.value()), arrived);
    }

    void member(String appId, ChannelName name, String userId, boolean arrived) {
        change(key("m", appId, name.value(), userId), arrived);
    }

    void user(String appId, String userId, boolean arrived) {
        change(key("u", appId, userId), arrived);
    }

    /** Whether this node has what the key names: the channel, the presence member, a signed-in connection. */
    private boolean heldHere(JsonArray key) {
        App app = app(key.getString(1));
        if (app == null) {
            return false;
        }
        return switch (key.getString(0)) {
            case "c" -> app.channels().find(ChannelName.of(key.getString(2))).isPresent();
            case "m" -> app.channels().find(ChannelName.of(key.getString(2)))
                    .map(channel -> channel.hasMember(key.getString(3))).orElse(false);
            case "u" -> app.users().isOnline(key.getString(2));
            default -> false;
        };
    }

    /** Tells a connection which of its watched users are online now. */
    void watching(String appId, Session session, List<String> userIds) {
        List<String> keys = userIds.stream().map(id -> key("u", appId, id)).toList();
        Set<String> held = holds.held(keys);
        List<String> online = new ArrayList<>();
        for (int i = 0; i < userIds.size(); i++) {
            if (held.contains(keys.get(i))) {
                online.add(userIds.get(i));
            }
        }
        if (!session.isGone()) {
            session.connection().send(ServerFrames.watchlistEvents(online, List.of()));
        }
    }

    /**
     * Holds the key at once when this node has it, or saw it arrive ({@code arrived}) even if it is gone again by
     * now: a member who joined and left before this worker got to it was still seen by the channel's other members,
     * so the webhooks say added then removed, as the sockets did. Lets go only after the grace, if still gone here.
     */
    private void change(String key, boolean arrived) {
        boolean here = heldHere(parse(key));
        if (here) {
            rechecks.remove(key);
        } else {
            rechecks.putIfAbsent(key, System.currentTimeMillis() + RELEASE_GRACE_MILLIS);
        }
        if (here || arrived) {
            acquire(key);
        }
    }

    private void acquire(String key) {
        try {
            if (holds.acquire(key)) {
                announce(key, true);
            }
        } catch (Holds.Unavailable e) {
            rechecks.putIfAbsent(key, System.currentTimeMillis() + RELEASE_GRACE_MILLIS); // try again
            throw e;
        }
    }

    /** Settles the keys whose time has come (acquire or release, as this node now is); returns the next due time. */
    private long recheckDue(long now) {
        var due = rechecks.entrySet().iterator();
        while (due.hasNext()) {
            var e = due.next();
            if (e.getValue() > now) {
                return e.getValue(); // inserted in order of their deadlines
            }
            due.remove();
            String key = e.getKey();
            if (heldHere(parse(key))) {
                acquire(key);
            } else if (holds.release(key)) {
                announce(key, false);
            }
        }
        return Long.MAX_VALUE;
    }

    private static JsonArray parse(String key) {
        try (var reader = Json.createReader(new StringReader(key))) {
            return reader.readArray();
        }
    }

    /** The cluster-wide transition of a key, as a webhook or a watchlist event. */
    private void announce(String key, boolean held) {
        JsonArray parts = parse(key);
        String appId = parts.getString(1);
        switch (parts.getString(0)) {
            case "c" -> webhook(appId, held ? WebhookEvent.channelOccupied(parts.getString(2))
                    : WebhookEvent.channelVacated(parts.getString(2)));
            case "m" -> webhook(appId, held ? WebhookEvent.memberAdded(parts.getString(2), parts.getString(3))
                    : WebhookEvent.memberRemoved(parts.getString(2), parts.getString(3)));
            case "u" -> {
                App app = app(appId);
                String user = parts.getString(2);
                if (app != null) {
                    List<String> ids = List.of(user);
                    // Like a client event: this node's watchers at once, the others' when the link takes it.
                    app.hub().relay(app, ChannelName.watchers(user),
                            held ? ServerFrames.watchlistEvents(ids, List.of()) : ServerFrames.watchlistEvents(List.of(), ids), null);
                }
            }
            default -> LOG.log(System.Logger.Level.WARNING, "unknown transition key {0}", key);
        }
    }

    private static String key(String kind, String... parts) {
        StringBuilder out = new StringBuilder("[\"").append(kind).append('"');
        for (String p : parts) {
            out.append(',');
            JsonText.appendQuoted(out, p);
        }
        return out.append(']').toString();
    }

    private App app(String id) {
        Apps current = apps;
        return current == null ? null : current.byId(id);
    }

    private void run() {
        long nextSweep = 0;
        while (!closed) {
            long now = System.currentTimeMillis();
            if (now >= nextSweep) {
                nextSweep = now + SWEEP_MILLIS;
                webhooks.flushWarnings();
                attempt(() -> {
                    Holds.Swept swept = holds.sweep();
                    swept.freed().forEach(k -> announce(k, false));
                    swept.regained().forEach(k -> announce(k, true));
                });
            }
            long[] nextRelease = {System.currentTimeMillis() + SWEEP_MILLIS};
            attempt(() -> nextRelease[0] = recheckDue(System.currentTimeMillis()));
            Runnable task;
            try {
                long wake = Math.min(nextSweep, nextRelease[0]);
                task = tasks.poll(Math.max(1, wake - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (task != null && !attempt(task)) {
                metrics.dropped(1); // this change is lost; the next change of the same key reconciles it
            }
        }
    }

    /** Runs one piece of work; the cluster being away is logged once per outage, anything else is a bug. */
    private boolean attempt(Runnable work) {
        try {
            work.run();
            failingLogged.set(false);
            return true;
        } catch (Holds.Unavailable e) {
            if (failingLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "cannot reach the cluster for webhooks and watchlists "
                        + "(logged once until it answers again): " + e.getMessage());
            }
            return false;
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug in the webhook/watchlist worker", e);
            return false;
        }
    }

    /** Lets queued work and webhooks finish for up to {@code millis}, then stops the worker and the senders. */
    public void close(long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!tasks.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        worker.interrupt();
        webhooks.close(deadline);
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        holds.close();
    }

    @Override
    public void close() {
        close(1000);
    }
}
