package dev.reverbj.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.reverbj.config.ScalingConfig;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.ChannelSnapshot;
import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.ClusterInbound;
import dev.reverbj.protocol.ClusterPresence;
import dev.reverbj.protocol.SocketId;

/**
 * Many nodes as one server, over one Redis pub/sub channel (docs/scaling.md). This class wires the parts and
 * applies what arrives: the {@link RedisConnection} (client, subscription), the {@link Outbox} (every envelope for
 * the others, in order, with its sequence number, kept through an outage) and the one {@link Publisher} thread
 * that writes it, the {@link Receiver} (applies what arrives, in each origin's order through the {@link Sequencer}),
 * the {@link Membership} (dropping silent nodes without flapping through an outage) and the {@link PresenceMerge}. Each node owns its connections, subscriptions and presence members, publishes presence
 * changes as they happen and its whole state every heartbeat; every node keeps a {@link ClusterView} of the others.
 *
 * <p>Threads: the link methods run on connection and HTTP threads and only offer to the outbox. Everything
 * received, the heartbeat and the expiry run on one cluster thread, in order; the view is written only there.
 * Every time is read from the injected {@link Clock}.
 */
public final class RedisBroker implements Broker {
    private static final System.Logger LOG = System.getLogger(RedisBroker.class.getName());

    private final ScalingConfig config;
    private final String nodeId;
    private final Clock clock;
    private final BrokerMetrics metrics;
    private final ClusterView view = new ClusterView();
    private final Outbox outbox;
    private final RedisConnection connection;
    private final Publisher publisher;
    private final Membership membership;
    private final PresenceMerge presence;
    private final Receiver receiver;
    private final ScheduledExecutorService clusterThread;
    private volatile ClusterInbound inbound;
    private volatile boolean closed;
    private volatile boolean heartbeats = true;
    private volatile Runnable onRestart = () -> { };

    private RedisBroker(ScalingConfig config, String nodeId, BrokerMetrics metrics, Clock clock) {
        this.config = config;
        this.nodeId = nodeId;
        this.clock = clock;
        this.metrics = metrics;
        this.outbox = new Outbox(config.outboxSize(), config.outboxAge().toMillis(), clock);
        metrics.outbox(outbox::unsent);
        this.connection = new RedisConnection(config, new Events());
        this.publisher = new Publisher(outbox, connection, metrics, config.redis().toString());
        this.membership = new Membership(config, view, clock.millis());
        this.presence = new PresenceMerge(view, this::offer);
        this.receiver = new Receiver(nodeId, config.channel(), clock, view,
                new Sequencer(config.outboxSize(), config.heartbeatInterval().toMillis() * 2), membership, presence, metrics,
                new Replies());
        this.clusterThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "reverb-cluster");
            t.setDaemon(true);
            return t;
        });
    }

    public static RedisBroker create(ScalingConfig config) {
        return create(config, BrokerMetrics.NONE, Clock.SYSTEM);
    }

    /**
     * @param metrics told of every publish, receive and outage (the node's {@code /metrics})
     * @param clock   every time the broker judges (heartbeats, node timeouts, outbox age) comes from here
     */
    public static RedisBroker create(ScalingConfig config, BrokerMetrics metrics, Clock clock) {
        // Redisson logs through SLF4J, for which we ship no provider: its records are dropped (our own outage
        // and reconnect lines say what matters). Keep SLF4J from printing a three-line warning about it.
        if (System.getProperty("slf4j.internal.verbosity") == null) {
            System.setProperty("slf4j.internal.verbosity", "ERROR");
        }
        String id = ProcessHandle.current().pid() + "-" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 8);
        return new RedisBroker(config, id, metrics, clock);
    }

    public String nodeId() {
        return nodeId;
    }

    /** How many other nodes this one currently counts. */
    public int knownNodes() {
        return view.nodeCount();
    }

    /** Heartbeats judged so far: a fence for tests that advance the clock. */
    public long heartbeats() {
        return membership.beats();
    }

    @Override
    public void start(ClusterInbound inbound) {
        this.inbound = inbound;
        receiver.deliverTo(inbound);
        long beat = config.heartbeatInterval().toMillis();
        clusterThread.scheduleAtFixedRate(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        publisher.start();
        connection.connectInBackground(nodeId);
    }

    // ---- the link (connection and HTTP threads) -------------------------------------------------------

    @Override
    public Admission admit(int envelopes) {
        return publisher.linked() ? outbox.admit(envelopes) : Admission.NOT_LINKED;
    }

    @Override
    public CompletableFuture<Void> publish(String appId, ChannelName channel, String frame, SocketId except) {
        return offer(new ClusterMessage.Event(appId, channel.value(), except == null ? null : except.value(), frame));
    }

    @Override
    public void terminate(String appId, String userId) {
        offer(new ClusterMessage.Terminate(appId, userId));
    }

    @Override
    public boolean linked() {
        return publisher.linked();
    }

    private CompletableFuture<Void> offer(ClusterMessage message) {
        return outbox.offer(seq -> Envelope.encode(nodeId, seq, message));
    }

    // ---- what the others hold (answered from the view) --------------------------------------------------

    @Override
    public List<ChannelSnapshot> remoteChannels(String appId) {
        return view.channels(appId);
    }

    @Override
    public List<ChannelSnapshot> remoteChannel(String appId, ChannelName channel) {
        return view.channel(appId, channel.value());
    }

    @Override
    public int remoteConnections(String appId) {
        return view.connections(appId);
    }

    @Override
    public ClusterPresence presence(String appId) {
        return presence.presence(appId);
    }

    // ---- cluster-wide restart ---------------------------------------------------------------------------

    @Override
    public void onRestart(Runnable restart) {
        this.onRestart = restart;
    }

    /** Tells every other node to restart, then this one. */
    @Override
    public boolean restartAll() {
        offer(new ClusterMessage.Restart());
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
        return RedisConnection.publishOnce(config,
                Envelope.encode("restart-" + ProcessHandle.current().pid(), new ClusterMessage.Restart()));
    }

    // ---- the cluster thread -----------------------------------------------------------------------------

    /** What the connection reports, handed to the cluster thread (never blocks a Redisson thread). */
    private final class Events implements RedisConnection.Events {
        @Override
        public void received(String text) {
            onClusterThread(() -> receiver.receive(text));
        }

        @Override
        public void subscribed() {
            // Also after Redis restarts: what others knew of us may be gone, and we may have missed messages.
            onClusterThread(() -> {
                publisher.publishFirst(List.of(Envelope.encode(nodeId, new ClusterMessage.Hello())));
                offerState();
            });
        }

        @Override
        public void disconnected() {
            publisher.disconnected();
        }
    }

    /** What the broker does when the receiver asks. */
    private final class Replies implements Receiver.Replies {
        @Override
        public void replay(long from) {
            publisher.publishFirst(outbox.writtenFrom(from).stream().map(Envelope::replay).toList());
        }

        @Override
        public void askResend(String node, long from) {
            publisher.publishFirst(List.of(Envelope.encode(nodeId, new ClusterMessage.Resend(node, from))));
        }

        @Override
        public void announceState() {
            offerState();
        }

        @Override
        public void restart() {
            onRestart.run();
        }
    }

    private void onClusterThread(Runnable task) {
        if (closed) {
            return;
        }
        try {
            clusterThread.execute(task);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    private void offerState() {
        ClusterInbound target = inbound;
        if (target != null && heartbeats) {
            offer(Membership.state(target.apps()));
        }
    }

    private void heartbeat() {
        try {
            if (!heartbeats) {
                return;
            }
            // Until linked, or while the link is down, a state would only wait in the outbox behind what matters.
            if (publisher.linked() && !publisher.down()) {
                offerState();
            }
            receiver.judge();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug in the cluster heartbeat", e);
        }
    }

    // ---- shutdown --------------------------------------------------------------------------------------

    /** Sends what waits in the outbox and a goodbye (others drop this node's members at once), then disconnects. */
    @Override
    public void close() {
        if (!closed && publisher.linked() && !publisher.down()) {
            try {
                offer(new ClusterMessage.Bye()).get(2, TimeUnit.SECONDS);
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
        closed = true;
        publisher.close();
        clusterThread.shutdownNow();
        connection.close();
    }
}
