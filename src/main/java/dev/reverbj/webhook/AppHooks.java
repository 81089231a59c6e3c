package dev.reverbj.webhook;

import java.util.List;

import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Observer;
import dev.reverbj.protocol.Session;

/**
 * One app's observer for webhooks and watchlists. On the connection thread it only decides whether anyone
 * wants the event (webhook types and channel filters are known at start) and queues it for the
 * {@link Transitions} worker, so a receiver gets one node's events in the order they happened
 * ({@code channel_occupied} before that channel's {@code cache_miss}).
 */
final class AppHooks implements Observer {
    private final String appId;
    private final List<Endpoint> endpoints;
    private final Transitions transitions;

    AppHooks(String appId, List<Endpoint> endpoints, Transitions transitions) {
        this.appId = appId;
        this.endpoints = endpoints;
        this.transitions = transitions;
    }

    private boolean wanted(String type, ChannelName channel) {
        for (Endpoint e : endpoints) {
            if (e.config().wants(type) && e.config().matches(channel.value())) {
                return true;
            }
        }
        return false;
    }

    /** @param arrived whether the channel appeared on this node (else it went) */
    private void occupancy(ChannelName channel, boolean arrived) {
        if (wanted("channel_occupied", channel) || wanted("channel_vacated", channel)) {
            transitions.submit(() -> transitions.channel(appId, channel, arrived));
        }
    }

    /** @param arrived whether the member joined on this node (else it left) */
    private void membership(ChannelName channel, String userId, boolean arrived) {
        if (wanted("member_added", channel) || wanted("member_removed", channel)) {
            transitions.submit(() -> transitions.member(appId, channel, userId, arrived));
        }
    }

    @Override
    public void channelCreated(ChannelName channel) {
        occupancy(channel, true);
    }

    @Override
    public void channelRemoved(ChannelName channel) {
        occupancy(channel, false);
    }

    @Override
    public void memberJoined(ChannelName channel, String userId) {
        membership(channel, userId, true);
    }

    @Override
    public void memberLeft(ChannelName channel, String userId) {
        membership(channel, userId, false);
    }

    @Override
    public void subscribed(Session session, ChannelName channel) {
        subscriptionCount(session, channel);
    }

    @Override
    public void unsubscribed(Session session, ChannelName channel) {
        subscriptionCount(session, channel);
    }

    private void subscriptionCount(Session session, ChannelName channel) {
        if (wanted("subscription_count", channel)) {
            transitions.submit(() -> {
                int count = session.app().hub().channel(session.app(), channel).map(c -> c.subscriptionCount()).orElse(0);
                transitions.webhook(appId, WebhookEvent.subscriptionCount(channel.value(), count));
            });
        }
    }

    @Override
    public void clientEvent(Session session, ChannelName channel, String event, String dataJson, String userId) {
        if (wanted("client_event", channel)) {
            WebhookEvent webhook = WebhookEvent.clientEvent(channel.value(), event, dataJson, session.socketId().value(), userId);
            transitions.submit(() -> transitions.webhook(appId, webhook));
        }
    }

    @Override
    public void cacheMiss(Session session, ChannelName channel) {
        if (wanted("cache_miss", channel)) {
            transitions.submit(() -> transitions.webhook(appId, WebhookEvent.cacheMiss(channel.value())));
        }
    }

    @Override
    public void userOnline(String userId) {
        transitions.submit(() -> transitions.user(appId, userId, true));
    }

    @Override
    public void userOffline(String userId) {
        transitions.submit(() -> transitions.user(appId, userId, false));
    }

    @Override
    public void watching(Session session, List<String> userIds) {
        transitions.submit(() -> transitions.watching(appId, session, userIds));
    }
}
