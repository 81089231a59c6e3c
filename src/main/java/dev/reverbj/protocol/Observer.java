package dev.reverbj.protocol;

import java.util.List;

/**
 * What one app's protocol tells the node's observers (metrics, server events). One instance per app.
 * Called on connection reader threads, writer threads, broker threads and the liveness sweeper: an
 * implementation must be thread-safe, must not block and must not throw.
 */
public interface Observer extends ChannelManager.ChannelEvents {
    Observer NONE = new Observer() {
    };

    /** Wraps channel events alone (the older {@link App} constructor). */
    static Observer of(ChannelManager.ChannelEvents events) {
        if (events instanceof Observer observer) {
            return observer;
        }
        return new Observer() {
            @Override
            public void channelCreated(ChannelName channel) {
                events.channelCreated(channel);
            }

            @Override
            public void channelRemoved(ChannelName channel) {
                events.channelRemoved(channel);
            }

            @Override
            public void memberJoined(ChannelName channel, String userId) {
                events.memberJoined(channel, userId);
            }

            @Override
            public void memberLeft(ChannelName channel, String userId) {
                events.memberLeft(channel, userId);
            }
        };
    }

    /** A socket was accepted (its {@code connection_established} is queued). */
    default void opened(Session session) {
    }

    /** A socket was refused at open (4004, 4009, or 4200 while draining); 4001 goes to the node's observer. */
    default void refused(PusherError reason) {
    }

    /** An accepted socket is gone, for whatever reason. */
    default void closed(Session session) {
    }

    /**
     * How an accepted socket ended, told once by the transport when the socket is gone: the close code of
     * whoever closed first — the server's (4xxx, 1009) or the client's (1000, 1001, ...) — or 1006 when it
     * dropped without a close frame.
     */
    default void closedWith(int code) {
    }

    /**
     * An event is being published to a channel of this app, on this node's initiative: from the HTTP API
     * ({@code except} is the request's {@code socket_id}, or null) or a client event ({@code except} is the
     * sender). {@code frame} is the encoded Pusher frame the subscribers get. Called once per channel.
     */
    default void published(ChannelName channel, String frame, SocketId except) {
    }

    /** The liveness sweep closed a silent socket (4201). */
    default void pruned(Session session) {
    }

    default void subscribed(Session session, ChannelName channel) {
    }

    default void unsubscribed(Session session, ChannelName channel) {
    }

    /** A complete text frame from the client, before it is handled. */
    default void received(Session session, Frame frame) {
    }

    /** A text frame was written to the socket (called on that socket's writer thread). */
    default void sent(SocketId socket, Frame frame) {
    }

    /** A client event was accepted for relay ({@code dataJson} as sent; {@code userId} on presence channels). */
    default void clientEvent(Session session, ChannelName channel, String event, String dataJson, String userId) {
    }

    /** A cache channel subscriber was told {@code pusher:cache_miss}. */
    default void cacheMiss(Session session, ChannelName channel) {
    }

    /** The user's first signed-in connection on this node arrived ({@code pusher:signin}). */
    default void userOnline(String userId) {
    }

    /** The user's last signed-in connection on this node is gone (or signed in as someone else). */
    default void userOffline(String userId) {
    }

    /**
     * A connection signed in with a watchlist: it waits for the watched users' current online state
     * ({@code pusher_internal:watchlist_events}); later changes reach it through its internal watcher channels.
     */
    default void watching(Session session, List<String> userIds) {
    }
}
