package dev.reverbj.protocol;

import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.protocol.wire.ServerFrames;

/**
 * Relays a connection's {@code client-*} events (SPEC.md section 4): the app's {@code accept-client-events-from}
 * policy and the channel kind decide, the sender must be subscribed, presence events carry the sender's user id,
 * and the event goes to everyone on the channel but the sender, on every node. Runs on the sender's reader thread.
 */
final class ClientEvents {
    private ClientEvents() {
    }

    static void relay(Session session, Subscriptions subscriptions, ClientMessage.ClientEvent event) {
        App app = session.app();
        ChannelName name = event.channel();
        ClientEventsPolicy policy = app.config().acceptClientEventsFrom();
        if (policy == ClientEventsPolicy.NONE) {
            throw new PusherException(PusherError.CLIENT_EVENTS_DISABLED);
        }
        if (!subscriptions.contains(name) || !name.kind().acceptsClientEvents(policy)) {
            throw new PusherException(PusherError.NOT_A_MEMBER);
        }
        String userId = app.channels().find(name).map(c -> c.userIdOf(session.socketId())).orElse(null);
        publish(app, name, ServerFrames.event(event.event(), name, event.data(), userId), session.socketId());
        app.observer().clientEvent(session, name, event.event(), event.data(), userId);
    }

    /** The one place a client event leaves the connection: to the app's channel on every node, sender excluded. */
    private static void publish(App app, ChannelName name, String frame, SocketId sender) {
        app.observer().published(name, frame, sender);
        app.hub().relay(app, name, frame, sender);
    }
}
