package dev.reverbj.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ScalingConfig;
import dev.reverbj.protocol.App;
import dev.reverbj.protocol.Apps;
import dev.reverbj.protocol.Channel;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ClusterPresence;
import dev.reverbj.protocol.PresenceChannel;
import dev.reverbj.protocol.PresenceMember;
import dev.reverbj.protocol.SocketId;
import dev.reverbj.protocol.wire.ServerFrames;

import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;
import org.redisson.config.DelayStrategy;

/**
 * Many nodes as one server, over one Redis pub/sub channel (docs/scaling.md).
 *
 * <ul>
 *   <li>Delivery: an event is delivered to this node's subscribers at once and published for the other
 *       nodes; a node ignores its own messages, so each subscriber gets an event exactly once, and local
 *       delivery goes on while Redis is away.</li>
 *   <li>State: each node owns its connections, subscriptions and presence members, publishes presence
 *       joins and leaves as they happen and its whole state every heartbeat. Every node keeps a
 *       {@link ClusterView} of the others; rosters, member events and HTTP API answers merge it with the
 *       local state. A node not heard from for the node timeout is dropped (its members leave).</li>
 *   <li>Failure: Redis being down at start or later never stops the node. The client is (re)created in
 *       the background; the outage is logged once; on re-subscription every node re-announces its state.</li>
 * </ul>
 *
 * Threads: {@link #publish} and the presence hooks run on connection and HTTP threads and never block
 * (publishing is asynchronous). Everything received from Redis, the heartbeat and the expiry run on one
 * cluster thread, in order; the view is written only there.
 */
public final class RedisBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());
    private static final long RETRY_CONNECT_MILLIS = 2000;

    private final ScalingConfig config;
    private final String nodeId;
    private final ClusterView view = new ClusterView();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicBoolean outage = new AtomicBoolean();
    private final AtomicBoolean invalidLogged = new AtomicBoolean();
    private final ScheduledExecutorService clusterThread;
    private volatile Apps apps;
    private volatile RedissonClient client;
    private volatile RTopic topic;
    private volatile boolean closed;
    private volatile boolean heartbeats = true;
    private volatile long lastConfirmed = System.currentTimeMillis();
    private volatile Runnable onRestart = () -> { };
    private final BrokerMetrics metrics;

    private RedisBroker(ScalingConfig config, String nodeId, BrokerMetrics metrics) {
        this.config = config;
        this.nodeId = nodeId;
        this.metrics = metrics;
        this.clusterThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reverb-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    public static RedisBroker create(ScalingConfig config) {
        return create(config, BrokerMetrics.NONE);
    }

    /** @param metrics told of every publish, receive and outage (the node's {@code /metrics}) */
    public static RedisBroker create(ScalingConfig config, BrokerMetrics metrics) {
        // Redisson logs through SLF4J, for which we ship no provider: its records are dropped (our own outage
        // and reconnect lines say what matters). Keep SLF4J from printing a three-line warning about it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        String id = ProcessHandle.current().pid() + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
        return new RedisBroker(config, id, metrics);
    }

    public String nodeId() {
        return nodeId;
    }

    /** How many other nodes this one currently counts. */
    public int knownNodes() {
        return view.nodeCount();
    }

    @Override
    public void start(Apps apps) {
        this.apps = apps;
        long beat = config.heartbeatInterval().toMillis();
        clusterThread.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        Thread.ofVirtual().name("reverb-redis-connect").start(this::connect);
    }

    // ---- delivery ----------------------------------------------------------------------------------

    @Override
    public void publish(App app, ChannelName channel, String frame, SocketId except) {
        app.channels().deliver(channel, frame, except);
        send(new ClusterMessage.Event(app.config().id(), channel.value(), except == null ? null : except.value(), frame));
    }

    @Override
    public void terminate(App app, String userId) {
        app.terminateUser(userId);
        send(new ClusterMessage.Terminate(app.config().id(), userId));
    }

    // ---- cluster-wide answers (local state + view; see docs/scaling.md for staleness) ----------------

    @Override
    public List<ChannelSnapshot> channels(App app) {
        Map<String, ChannelSnapshot> merged = new LinkedHashMap<>();
        for (ChannelSnapshot s : LocalState.channels(app)) {
            merged.put(s.name(), s);
        }
        for (ChannelSnapshot s : view.channels(app.config().id())) {
            merged.merge(s.name(), s, ChannelSnapshot::merge);
        }
        return List.copyOf(merged.values());
    }

    @Override
    public Optional<ChannelSnapshot> channel(App app, ChannelName channel) {
        ChannelSnapshot merged = LocalState.channel(app, channel).orElse(null);
        for (ChannelSnapshot s : view.channel(app.config().id(), channel.value())) {
            merged = merged == null ? s : merged.merge(s);
        }
        return Optional.ofNullable(merged);
    }

    @Override
    public int connections(App app) {
        return app.connectionCount() + view.connections(app.config().id());
    }

    @Override
    public ClusterPresence presence(AppConfig app) {
        String appId = app.id();
        return new ClusterPresence() {
            @Override
            public Map<String, String> remoteMembers(ChannelName channel) {
                return view.members(appId, channel.value());
            }

            @Override
            public boolean isRemoteMember(ChannelName channel, String userId) {
                return view.hasMember(appId, channel.value(), userId, null);
            }

            @Override
            public void memberJoined(ChannelName channel, PresenceMember member) {
                send(new ClusterMessage.Join(appId, seq.incrementAndGet(), channel.value(), member.userId(), member.userInfo()));
            }

            @Override
            public void memberLeft(ChannelName channel, String userId) {
                send(new ClusterMessage.Leave(appId, seq.incrementAndGet(), channel.value(), userId));
            }
        };
    }

    // ---- cluster-wide restart ---------------------------------------------------------------------------

    @Override
    public void onRestart(Runnable restart) {
        this.onRestart = restart;
    }

    /** Tells every other node to restart, then this one. */
    @Override
    public boolean restartAll() {
        send(new ClusterMessage.Restart());
        onRestart.run();
        return true;
    }

    /**
     * For {@code reverb restart} with scaling on: asks every node on the Redis channel to restart gracefully,
     * without joining the cluster.
     *
     * @return how many nodes received the request
     * @throws RuntimeException when Redis cannot be reached
     */
    public static long requestRestart(ScalingConfig config) {
        RedisBroker sender = new RedisBroker(config, "restart-" + ProcessHandle.current().pid(), BrokerMetrics.NONE);
        RedissonClient client = Redisson.create(sender.redissonConfig());
        try {
            return client.getTopic(config.channel(), StringCodec.INSTANCE)
                    .publish(Envelope.encode(sender.nodeId, new ClusterMessage.Restart()));
        } finally {
            client.shutdown();
            sender.clusterThread.shutdownNow();
        }
    }

    // ---- Redis connection ----------------------------------------------------------------------------

    /** Creates the Redisson client, retrying until Redis answers or the broker is closed. */
    private void connect() {
        boolean warned = false;
        while (!closed) {
            RedissonClient created = null;
            try {
                created = Redisson.create(redissonConfig());
                RTopic t = created.getTopic(config.channel(), StringCodec.INSTANCE);
                t.addListener(String.class, (channel, message) -> onClusterThread(() -> receive(message)));
                t.addListener(new StatusListener() {
                    @Override
                    public void onSubscribe(String channel) {
                        // Also after Redis restarts: what others knew of us may be gone, and we missed messages.
                        onClusterThread(RedisBroker.this::resync);
                    }

                    @Override
                    public void onUnsubscribe(String channel) {
                    }
                });
                synchronized (this) {
                    if (closed) {
                        created.shutdown();
                        return;
                    }
                    client = created;
                    lastConfirmed = System.currentTimeMillis();
                    topic = t;
                }
                LOG.log(System.Logger.Level.INFO, "cluster node {0} connected to Redis {1}, channel {2}",
                        nodeId, config.redis(), config.channel());
                onClusterThread(this::resync);
                return;
            } catch (RuntimeException e) {
                if (created != null) {
                    created.shutdown();
                }
                if (!warned) {
                    LOG.log(System.Logger.Level.WARNING, "cannot reach Redis " + config.redis()
                            + "; serving local clients only and retrying every " + RETRY_CONNECT_MILLIS + " ms: " + e.getMessage());
                    warned = true;
                }
                try {
                    Thread.sleep(RETRY_CONNECT_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private Config redissonConfig() {
        Config c = new Config();
        c.setCodec(StringCodec.INSTANCE);
        c.setThreads(2);
        c.setNettyThreads(4);
        var single = c.useSingleServer()
                .setAddress(config.redis().address())
                .setDatabase(config.redis().database())
                .setConnectTimeout(2000)
                // Short command timeouts: a publish during an outage fails in about 2 s instead of queueing.
                .setTimeout(1000)
                .setRetryAttempts(1)
                .setRetryDelay(attempt -> java.time.Duration.ofMillis(500))
                .setPingConnectionInterval(1000)
                .setConnectionMinimumIdleSize(1)
                .setConnectionPoolSize(8)
                .setSubscriptionConnectionMinimumIdleSize(1)
                .setSubscriptionConnectionPoolSize(2);
        if (config.redis().username() != null) {
            single.setUsername(config.redis().username());
        }
        if (config.redis().password() != null) {
            single.setPassword(config.redis().password());
        }
        return c;
    }

    /** Publishes without blocking; a failure marks an outage (logged once) and is otherwise dropped. */
    private void send(ClusterMessage message) {
        RTopic t = topic;
        if (t == null || closed) {
            return;
        }
        try {
            t.publishAsync(Envelope.encode(nodeId, message)).whenComplete((receivers, error) -> {
                if (error != null) {
                    metrics.publishFailed();
                    outage(error);
                } else {
                    metrics.published();
                    recovered();
                }
            });
        } catch (RuntimeException e) {
            metrics.publishFailed();
            outage(e);
        }
    }

    private void outage(Throwable error) {
        if (!closed && outage.compareAndSet(false, true)) {
            metrics.connectivity(true);
            LOG.log(System.Logger.Level.WARNING, "Redis " + config.redis() + " is unreachable; serving local clients only"
                    + " until it is back (events for other nodes are dropped meanwhile): " + error);
        }
    }

    private void recovered() {
        lastConfirmed = System.currentTimeMillis();
        if (outage.compareAndSet(true, false)) {
            metrics.connectivity(false);
            LOG.log(System.Logger.Level.INFO, "Redis {0} is reachable again; cross-node delivery resumed", config.redis());
            // Other nodes could not reach us either: give them a full timeout to be heard again.
            onClusterThread(() -> view.touchAll(System.currentTimeMillis()));
        }
    }

    // ---- the cluster thread ----------------------------------------------------------------------------

    /** Hands work to the cluster thread; never blocks a Redisson thread, and drops work after close. */
    private void onClusterThread(Runnable task) {
        if (closed) {
            return;
        }
        try {
            clusterThread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void resync() {
        recovered();
        send(new ClusterMessage.Hello());
        send(state());
    }

    private void heartbeat() {
        try {
            if (!heartbeats) {
                return;
            }
            send(state());
            // While we cannot reach Redis, nobody can be heard from: keep the view as it was instead of
            // dropping every other node, and judge them again once Redis is back. A publish that fails
            // takes a few seconds to say so; no confirmation for two heartbeats already means cut off.
            long unconfirmed = System.currentTimeMillis() - lastConfirmed;
            if (topic != null && unconfirmed > 2 * config.heartbeatInterval().toMillis() + 500) {
                outage(new IllegalStateException("no publish confirmed for " + unconfirmed + " ms"));
            }
            if (!outage.get() && topic != null) {
                long deadline = System.currentTimeMillis() - config.nodeTimeout().toMillis();
                for (String node : view.silentSince(deadline)) {
                    LOG.log(System.Logger.Level.INFO, "cluster node {0} not heard from for {1} ms; dropping it",
                            node, config.nodeTimeout().toMillis());
                    announce(view.remove(node), node);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug in the cluster heartbeat", e);
        }
    }

    private ClusterMessage.State state() {
        long s = seq.incrementAndGet(); // before reading: a delta published after this is newer than what we read
        Map<String, ClusterMessage.AppState> states = new LinkedHashMap<>();
        Apps current = apps;
        if (current != null) {
            for (App app : current.all()) {
                Map<String, ClusterMessage.ChannelState> channels = new LinkedHashMap<>();
                for (Channel channel : app.channels().channels()) {
                    int subscriptions = channel.subscriptionCount();
                    if (subscriptions > 0) {
                        Map<String, String> members = channel instanceof PresenceChannel p ? p.members() : Map.of();
                        channels.put(channel.name().value(), new ClusterMessage.ChannelState(subscriptions, members));
                    }
                }
                states.put(app.config().id(), new ClusterMessage.AppState(app.connectionCount(), channels));
            }
        }
        return new ClusterMessage.State(s, states);
    }

    private void receive(String text) {
        Envelope.Received received;
        try {
            received = Envelope.decode(text);
        } catch (IllegalArgumentException e) {
            if (invalidLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "ignoring an invalid message on Redis channel {0} (logged once): {1}",
                        config.channel(), e.getMessage());
            }
            return;
        }
        if (received == null || received.node().equals(nodeId) || closed) {
            return;
        }
        metrics.received();
        String node = received.node();
        long now = System.currentTimeMillis();
        try {
            switch (received.message()) {
                case ClusterMessage.Event e -> {
                    view.touch(node, now);
                    App app = app(e.app());
                    if (app != null) {
                        app.channels().deliver(ChannelName.of(e.channel()), e.frame(),
                                e.except() == null ? null : SocketId.parseOrNull(e.except()));
                    }
                }
                case ClusterMessage.Join j -> announce(view.applyJoin(node, j, now), node);
                case ClusterMessage.Leave l -> announce(view.applyLeave(node, l, now), node);
                case ClusterMessage.Terminate t -> {
                    view.touch(node, now);
                    App app = app(t.app());
                    if (app != null) {
                        app.terminateUser(t.userId());
                    }
                }
                case ClusterMessage.State s -> {
                    boolean known = view.touchIfKnown(node, now);
                    announce(view.applyState(node, s, now), node);
                    if (!known) {
                        LOG.log(System.Logger.Level.INFO, "cluster node {0} joined ({1} known)", node, view.nodeCount());
                    }
                }
                case ClusterMessage.Hello h -> send(state());
                case ClusterMessage.Restart r -> {
                    LOG.log(System.Logger.Level.INFO, "cluster restart requested by {0}", node);
                    onRestart.run();
                }
                case ClusterMessage.Bye b -> {
                    LOG.log(System.Logger.Level.INFO, "cluster node {0} left", node);
                    announce(view.remove(node), node);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot apply a message from cluster node " + node + ": " + e);
        }
    }

    private App app(String id) {
        Apps current = apps;
        return current == null ? null : current.byId(id);
    }

    /**
     * Tells this node's subscribers about members that appeared or vanished on node {@code from}, but only
     * when that changes the cluster-wide membership: nobody is told twice about a user with several nodes.
     */
    private void announce(List<ClusterView.Change> changes, String from) {
        for (ClusterView.Change change : changes) {
            App app = app(change.app());
            if (app == null) {
                continue;
            }
            ChannelName name = ChannelName.of(change.channel());
            Channel channel = app.channels().find(name).orElse(null);
            if (!(channel instanceof PresenceChannel local) || local.hasMember(change.userId())) {
                continue;
            }
            if (change.added()) {
                if (!view.hasMember(change.app(), change.channel(), change.userId(), from)) {
                    channel.broadcast(ServerFrames.memberAdded(name, change.userId(), change.userInfo()), null);
                }
            } else if (!view.hasMember(change.app(), change.channel(), change.userId(), null)) {
                channel.broadcast(ServerFrames.memberRemoved(name, change.userId()), null);
            }
        }
    }

    // ---- shutdown --------------------------------------------------------------------------------------

    /** Says goodbye (others drop this node's members at once), then disconnects. */
    @Override
    public void close() {
        RTopic t = topic;
        if (!closed && t != null) {
            try {
                t.publishAsync(Envelope.encode(nodeId, new ClusterMessage.Bye())).toCompletableFuture().get(1, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "goodbye not published: {0}", e.toString());
            }
        }
        stop();
    }

    /**
     * Stops like a crashed node: no goodbye, no more heartbeats or deltas, Redis connection dropped. Other
     * nodes drop this one after the node timeout. For tests of that bound.
     */
    void haltWithoutGoodbye() {
        heartbeats = false;
        stop();
    }

    private void stop() {
        RedissonClient c;
        synchronized (this) {
            closed = true;
            c = client;
            client = null;
            topic = null;
        }
        clusterThread.shutdownNow();
        if (c != null) {
            c.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
