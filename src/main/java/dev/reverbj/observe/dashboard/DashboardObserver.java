package dev.reverbj.observe.dashboard;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.reverbj.observe.dashboard.ConsoleEvent.Kind;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Frame;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.PusherError;
import dev.reverbj.protocol.Session;
import dev.reverbj.protocol.SocketId;

/**
 * One app's observer while the dashboard is on, told next to the app's other observers ({@link
 * dev.reverbj.protocol.Observers}): counts for the graphs and, only while a page is open, offers a console event.
 * On the hot path (a frame in or out) that is one {@link LongAdder} increment.
 */
final class DashboardObserver implements Observer {
    private final String appId;
    private final DashboardFeed feed;
    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final Map<Integer, LongAdder> refused = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> closes = new ConcurrentHashMap<>();

    DashboardObserver(String appId, DashboardFeed feed) {
        this.appId = appId;
        this.feed = feed;
    }

    String appId() {
        return appId;
    }

    long received() {
        return received.sum();
    }

    long sent() {
        return sent.sum();
    }

    /** Sockets refused at open, by Pusher code. */
    Map<Integer, Long> refusedByCode() {
        return snapshot(refused);
    }

    /** Accepted sockets that ended, by close code. */
    Map<Integer, Long> closedByCode() {
        return snapshot(closes);
    }

    private static Map<Integer, Long> snapshot(Map<Integer, LongAdder> counts) {
        Map<Integer, Long> out = new TreeMap<>();
        counts.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    @Override
    public void opened(Session session) {
        if (feed.watched()) {
            feed.offer(ConsoleEvent.connection(appId, Kind.OPEN, session.socketId().value(), 0));
        }
    }

    @Override
    public void refused(PusherError reason) {
        refused.computeIfAbsent(reason.code(), c -> new LongAdder()).increment();
    }

    @Override
    public void closedWith(int code) {
        closes.computeIfAbsent(code, c -> new LongAdder()).increment();
    }

    @Override
    public void closed(Session session) {
        if (feed.watched()) {
            feed.offer(ConsoleEvent.connection(appId, Kind.CLOSE, session.socketId().value(), 0));
        }
    }




    @Override
    public void subscribed(Session session, ChannelName channel) {
        if (feed.watched()) {
            feed.offer(ConsoleEvent.subscription(appId, Kind.SUBSCRIBE, session.socketId().value(), channel.value()));
        }
    }

    @Override
    public void unsubscribed(Session session, ChannelName channel) {
        if (feed.watched()) {
            feed.offer(ConsoleEvent.subscription(appId, Kind.UNSUBSCRIBE, session.socketId().value(), channel.value()));
        }
    }

    @Override
    public void published(ChannelName channel, String frame, SocketId except) {
        if (feed.watched()) {
            // A client event always has its sender as except; an API message only when it named socket_id.
            boolean fromClient = except != null && frame.startsWith("{\"event\":\"client-");
            feed.offer(ConsoleEvent.published(appId, channel.value(), frame, except == null ? null : except.value(),
                    fromClient));
        }
    }

    @Override
    public void received(Session session, Frame frame) {
        received.increment();
    }

    @Override
    public void sent(SocketId socket, Frame frame) {
        sent.increment();
    }
}
