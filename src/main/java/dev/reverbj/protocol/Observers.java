package dev.reverbj.protocol;

import java.util.List;

/** Several {@link Observer}s told in turn, as one (metrics and server events, then webhooks and watchlists). */
public final class Observers implements Observer {
    private final Observer[] all;

    private Observers(List<Observer> observers) {
        this.all = observers.toArray(Observer[]::new);
    }

    /** One observer telling each of {@code observers}, in order; a single one is returned as it is. */
    public static Observer of(List<Observer> observers) {
        return observers.size() == 1 ? observers.get(0) : new Observers(observers);
    }

    @Override
    public void channelCreated(ChannelName channel) {
        for (Observer o : all) {
            o.channelCreated(channel);
        }
    }

    @Override
    public void channelRemoved(ChannelName channel) {
        for (Observer o : all) {
            o.channelRemoved(channel);
        }
    }

    @Override
    public void memberJoined(ChannelName channel, String userId) {
        for (Observer o : all) {
            o.memberJoined(channel, userId);
        }
    }

    @Override
    public void memberLeft(ChannelName channel, String userId) {
        for (Observer o : all) {
            o.memberLeft(channel, userId);
        }
    }

    @Override
    public void opened(Session session) {
        for (Observer o : all) {
            o.opened(session);
        }
    }

    @Override
    public void refused(PusherError reason) {
        for (Observer o : all) {
            o.refused(reason);
        }
    }

    @Override
    public void closed(Session session) {
        for (Observer o : all) {
            o.closed(session);
        }
    }

    @Override
    public void closedWith(int code) {
        for (Observer o : all) {
            o.closedWith(code);
        }
    }

    @Override
    public void published(ChannelName channel, String frame, SocketId except) {
        for (Observer o : all) {
            o.published(channel, frame, except);
        }
    }

    @Override
    public void pruned(Session session) {
        for (Observer o : all) {
            o.pruned(session);
        }
    }

    @Override
    public void subscribed(Session session, ChannelName channel) {
        for (Observer o : all) {
            o.subscribed(session, channel);
        }
    }

    @Override
    public void unsubscribed(Session session, ChannelName channel) {
        for (Observer o : all) {
            o.unsubscribed(session, channel);
        }
    }

    @Override
    public void received(Session session, Frame frame) {
        for (Observer o : all) {
            o.received(session, frame);
        }
    }

    @Override
    public void sent(SocketId socket, Frame frame) {
        for (Observer o : all) {
            o.sent(socket, frame);
        }
    }

    @Override
    public void clientEvent(Session session, ChannelName channel, String event, String dataJson, String userId) {
        for (Observer o : all) {
            o.clientEvent(session, channel, event, dataJson, userId);
        }
    }

    @Override
    public void cacheMiss(Session session, ChannelName channel) {
        for (Observer o : all) {
            o.cacheMiss(session, channel);
        }
    }

    @Override
    public void userOnline(String userId) {
        for (Observer o : all) {
            o.userOnline(userId);
        }
    }

    @Override
    public void userOffline(String userId) {
        for (Observer o : all) {
            o.userOffline(userId);
        }
    }

    @Override
    public void watching(Session session, List<String> userIds) {
        for (Observer o : all) {
            o.watching(session, userIds);
        }
    }
}
