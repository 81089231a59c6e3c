package dev.reverbj.observe;

import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.Session;
import dev.reverbj.protocol.SocketId;

/**
 * One app's {@link Observer}: counts into its cached {@link AppMetrics} and turns protocol callbacks into
 * {@link ServerEvent}s for the listeners. Which event kinds any listener wants is decided once, so with no
 * listener a frame costs two adder increments on cached handles and a few boolean tests.
 */
public final class AppObserver implements Observer {
    private final String appId;
    private final AppMetrics metrics;
    private final NodeMetrics node;
    private final ServerEvents events;
    private final boolean opened;
    private final boolean closed;
    private final boolean pruned;
    private final boolean created;
    private final boolean removed;
    private final boolean subscribed;
    private final boolean unsubscribed;
    private final boolean received;
    private final boolean sent;

    public AppObserver(String appId, NodeMetrics node, ServerEvents events) {
        this.appId = appId;
        this.node = node;
        this.metrics = node.app(appId);
        this.events = events;
        this.opened = events.wants(ServerEvent.ConnectionOpened.class);
        this.closed = events.wants(ServerEvent.ConnectionClosed.class);
        this.pruned = events.wants(ServerEvent.ConnectionPruned.class);
        this.created = events.wants(ServerEvent.ChannelCreated.class);
        this.removed = events.wants(ServerEvent.ChannelRemoved.class);
        this.subscribed = events.wants(ServerEvent.Subscribed.class);
        this.unsubscribed = events.wants(ServerEvent.Unsubscribed.class);
        this.received = events.wants(ServerEvent.MessageReceived.class);
        this.sent = events.wants(ServerEvent.MessageSent.class);
    }

    @Override
    public void opened(Session session) {
        metrics.opened.increment();
        if (opened) {
            events.publish(new ServerEvent.ConnectionOpened(appId, session.socketId().value()));
        }
    }

    @Override
    public void refused(PusherError reason) {
        node.refused(reason);
    }

    @Override
    public void closed(Session session) {
        metrics.closed.increment();
        if (closed) {
            events.publish(new ServerEvent.ConnectionClosed(appId, session.socketId().value()));
        }
    }

    @Override
    public void pruned(Session session) {
        metrics.pruned.increment();
        if (pruned) {
            events.publish(new ServerEvent.ConnectionPruned(appId, session.socketId().value()));
        }
    }

    @Override
    public void channelCreated(ChannelName channel) {
        if (created) {
            events.publish(new ServerEvent.ChannelCreated(appId, channel.value()));
        }
    }

    @Override
    public void channelRemoved(ChannelName channel) {
        if (removed) {
            events.publish(new ServerEvent.ChannelRemoved(appId, channel.value()));
        }
    }

    @Override
    public void subscribed(Session session, ChannelName channel) {
        metrics.subscriptions.increment();
        if (subscribed) {
            events.publish(new ServerEvent.Subscribed(appId, session.socketId().value(), channel.value()));
        }
    }

    @Override
    public void unsubscribed(Session session, ChannelName channel) {
        if (unsubscribed) {
            events.publish(new ServerEvent.Unsubscribed(appId, session.socketId().value(), channel.value()));
        }
    }

    @Override
    public void received(Session session, Frame frame) {
        metrics.received.increment();
        metrics.bytesIn.add(frame.bytes());
        if (received) {
            events.publish(new ServerEvent.MessageReceived(appId, session.socketId().value(), frame.text()));
        }
    }

    @Override
    public void sent(SocketId socket, Frame frame) {
        metrics.sent.increment();
        // The size was computed once for the whole broadcast (Frame).
        metrics.bytesOut.add(frame.bytes());
        if (sent) {
            events.publish(new ServerEvent.MessageSent(appId, socket.value(), frame.text()));
        }
    }
}
