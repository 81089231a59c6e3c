package dev.reverbj.observe;

/**
 * Something that happened on this node, as told to {@link ServerEventListener}s: Laravel Reverb's five
 * events ({@link ChannelCreated}, {@link ChannelRemoved}, {@link ConnectionPruned}, {@link MessageReceived},
 * {@link MessageSent}) and four more about connections and subscriptions. Ids and names are the strings
 * the Pusher protocol uses. A switch over this sealed type must name every kind, so a new kind is a
 * compile error in every listener that cares.
 */
public sealed interface ServerEvent {
    /** The {@code app-id} of the app it happened in. */
    String appId();

    /** A WebSocket was accepted and sent {@code pusher:connection_established}. */
    record ConnectionOpened(String appId, String socketId) implements ServerEvent {
    }

    /** An accepted WebSocket is gone (closed by either side, failed or pruned). */
    record ConnectionClosed(String appId, String socketId) implements ServerEvent {
    }

    /** The server closed a connection that did not answer its ping in time (4201). */
    record ConnectionPruned(String appId, String socketId) implements ServerEvent {
    }

    /** A channel got its first subscriber on this node. */
    record ChannelCreated(String appId, String channel) implements ServerEvent {
    }

    /** A channel lost its last subscriber on this node. */
    record ChannelRemoved(String appId, String channel) implements ServerEvent {
    }

    /** A connection subscribed to a channel (after any auth check succeeded). */
    record Subscribed(String appId, String socketId, String channel) implements ServerEvent {
    }

    /** A connection left a channel: it unsubscribed or disconnected. */
    record Unsubscribed(String appId, String socketId, String channel) implements ServerEvent {
    }

    /** A complete text frame from a client, exactly as received. */
    record MessageReceived(String appId, String socketId, String message) implements ServerEvent {
    }

    /** A text frame written to a client, exactly as sent. */
    record MessageSent(String appId, String socketId, String message) implements ServerEvent {
    }
}
