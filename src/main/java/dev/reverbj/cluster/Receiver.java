package dev.reverbj.cluster;

import java.util.concurrent.atomic.AtomicBoolean;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Clock;
import dev.reverbj.protocol.ClusterInbound;
import dev.reverbj.protocol.SocketId;

/**
 * Applies what arrives on the Redis channel: decodes it, notes this node's own envelopes coming back (the
 * {@link Membership} judges others only while it hears itself), puts other nodes' envelopes in order through the
 * {@link Sequencer}, then updates the {@link ClusterView} and hands events, terminations and member changes to the
 * {@link ClusterInbound}. Cluster thread only.
 */
final class Receiver {
    private static final System.Logger LOG = System.getLogger(Receiver.class.getName());

    /** What the receiver needs the broker to do in answer. */
    interface Replies {
        /** Another node missed this node's envelopes from {@code from} on: publish them again. */
        void replay(long from);

        /** This node missed envelopes of {@code node} from {@code from} on: ask for them. */
        void askResend(String node, long from);

        /** A node (re)joined: announce this node's state. */
        void announceState();

        /** Someone asked every node to restart. */
        void restart();
    }

    private final String nodeId;
    private final String channel;
    private final Clock clock;
    private final ClusterView view;
    private final Sequencer sequencer;
    private final Membership membership;
    private final PresenceMerge presence;
    private final BrokerMetrics metrics;
    private final Replies replies;
    private final AtomicBoolean invalidLogged = new AtomicBoolean();
    private volatile ClusterInbound inbound;

    Receiver(String nodeId, String channel, Clock clock, ClusterView view, Sequencer sequencer, Membership membership,
             PresenceMerge presence, BrokerMetrics metrics, Replies replies) {
        this.nodeId = nodeId;
        this.channel = channel;
        this.clock = clock;
        this.view = view;
        this.sequencer = sequencer;
        this.membership = membership;
        this.presence = presence;
        this.metrics = metrics;
        this.replies = replies;
    }

    void deliverTo(ClusterInbound inbound) {
        this.inbound = inbound;
    }

    void receive(String text) {
        Envelope.Received received;
        try {
            received = Envelope.decode(text);
        } catch (IllegalArgumentException e) {
            if (invalidLogged.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.WARNING, "ignoring an invalid message on Redis channel {0} (logged once): {1}",
                        channel, e.getMessage());
            }
            return;
        }
        if (received == null || inbound == null) {
            return;
        }
        long now = clock.millis();
        if (received.node().equals(nodeId)) {
            membership.heardSelf(now);
            return;
        }
        metrics.received();
        // Heard from, even when what it sent waits behind a hole: dropping it would throw that away.
        view.touch(received.node(), now);
        if (received.message() instanceof ClusterMessage.Resend r) {
            if (r.to().equals(nodeId)) {
                replies.replay(r.from());
            }
            return;
        }
        sequencer.accept(received, now, replies::askResend).forEach(m -> apply(m, now));
    }

    /** Every heartbeat: drops silent nodes, asks again for holes, gives up old ones (only while hearing itself). */
    void judge() {
        long now = clock.millis();
        boolean wasHearing = membership.hearing();
        membership.silentNodes(now).forEach(this::drop);
        // A resend request goes through Redis too: while this node hears nothing, asking goes nowhere, and giving
        // a hole up would drop what its sender still keeps. Once it hears again, every hole is asked for afresh.
        if (!membership.hearing()) {
            return;
        }
        if (!wasHearing) {
            sequencer.askAgain();
        }
        sequencer.expire(now, replies::askResend).forEach(m -> apply(m, now));
    }

    private void apply(Envelope.Received received, long now) {
        String node = received.node();
        ClusterInbound target = inbound;
        try {
            switch (received.message()) {
                case ClusterMessage.Event e -> {
                    target.deliver(e.app(), ChannelName.of(e.channel()), e.frame(),
                            e.except() == null ? null : SocketId.parseOrNull(e.except()));
                }
                case ClusterMessage.Join j -> presence.announce(view.applyJoin(node, received.seq(), j, now), node, target);
                case ClusterMessage.Leave l -> presence.announce(view.applyLeave(node, received.seq(), l, now), node, target);
                case ClusterMessage.Terminate t -> target.terminate(t.app(), t.userId());
                case ClusterMessage.State s -> {
                    boolean known = view.touchIfKnown(node, now);
                    presence.announce(view.applyState(node, received.seq(), s, now), node, target);
                    if (!known) {
                        LOG.log(System.Logger.Level.INFO, "cluster node {0} joined ({1} known)", node, view.nodeCount());
                    }
                }
                case ClusterMessage.Hello h -> replies.announceState();
                case ClusterMessage.Restart r -> {
                    LOG.log(System.Logger.Level.INFO, "cluster restart requested by {0}", node);
                    replies.restart();
                }
                case ClusterMessage.Bye b -> {
                    LOG.log(System.Logger.Level.INFO, "cluster node {0} left", node);
                    drop(node);
                }
                case ClusterMessage.Resend r -> { }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot apply a message from cluster node " + node + ": " + e);
        }
    }

    private void drop(String node) {
        presence.announce(view.remove(node), node, inbound);
        sequencer.forget(node);
    }
}
