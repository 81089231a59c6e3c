package dev.reverbj.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.reverbj.protocol.wire.ServerFrames;

/**
 * The channels one connection is subscribed to, and the subscribe / unsubscribe flow (SPEC.md section 3):
 * the per-connection {@code max-channels} limit, the channel kind's authorisation and member, the answer to the
 * subscriber, {@code member_added} for the others and the cached event. {@link #subscribe} runs on the socket's
 * reader thread; {@link #leaveAll} on whichever thread learns the socket is gone.
 */
final class Subscriptions {
    private static final System.Logger LOG = System.getLogger(Subscriptions.class.getName());

    private final Session session;
    private final Set<ChannelName> names = ConcurrentHashMap.newKeySet();

    Subscriptions(Session session) {
        this.session = session;
    }

    boolean contains(ChannelName name) {
        return names.contains(name);
    }

    Set<ChannelName> names() {
        return Set.copyOf(names);
    }

    void subscribe(ClientMessage.Subscribe subscribe) {
        App app = session.app();
        ChannelName name = subscribe.channel();
        if (name.isInternal()) {
            confirmServerToUser(name);
            return;
        }
        int maxChannels = app.config().maxChannels();
        if (names.size() >= maxChannels && !names.contains(name)) {
            throw new PusherException(PusherError.TOO_MANY_CHANNELS, "Too many channels: at most " + maxChannels
                    + " per connection (max-channels)", name);
        }
        ChannelKind kind = name.kind();
        kind.authorize(app.config(), session.socketId(), subscribe);
        PresenceMember member = kind.member(subscribe);
        ChannelManager.Joined joined = app.channels().subscribe(session.connection(), name, member);
        names.add(name);
        if (session.isGone()) {
            // The socket went away while we subscribed, after leaveAll() walked the names: undo it here, or a
            // dead connection (and its presence member) would stay in the channel.
            unsubscribe(name);
            return;
        }
        app.observer().subscribed(session, name);
        Connection connection = session.connection();
        connection.send(joined.roster() != null
                ? ServerFrames.presenceSubscriptionSucceeded(name, joined.roster())
                : ServerFrames.subscriptionSucceeded(name));
        if (joined.newMember()) {
            app.hub().memberJoined(app, name, member, session.socketId());
        }
        if (kind.cache()) {
            String cached = app.channels().cachedEvent(name).orElse(null);
            connection.send(cached != null ? cached : ServerFrames.cacheMiss(name));
            if (cached == null) {
                app.observer().cacheMiss(session, name);
            }
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "subscribed app={0} socket={1} channel={2}", app.config().id(),
                    session.socketId(), name);
        }
    }

    /**
     * pusher-js subscribes to {@code #server-to-user-{id}} right after {@code pusher:signin_success}; the sign-in
     * already subscribed the connection, so this only confirms it. Any other user's channel, or before signing in,
     * is refused like a private channel with a bad signature.
     */
    private void confirmServerToUser(ChannelName name) {
        String user = session.signedInUserId();
        if (user == null || !name.equals(ChannelName.serverToUser(user))) {
            throw new PusherException(PusherError.UNAUTHORIZED, "Only the user signed in on this connection may "
                    + "subscribe to its server-to-user channel", name);
        }
        session.connection().send(ServerFrames.subscriptionSucceeded(name));
    }

    void unsubscribe(ChannelName name) {
        if (names.remove(name)) {
            session.app().channels().unsubscribe(session.connection(), name);
            session.app().observer().unsubscribed(session, name);
        }
    }

    /** Leaves every channel; each name is removed by whichever of this and a concurrent subscribe gets it first. */
    void leaveAll() {
        for (ChannelName name : names) {
            unsubscribe(name);
        }
    }

    /** The presence user this connection stands for on any of its channels, or null. */
    String presenceUserId() {
        for (ChannelName name : names) {
            String id = session.app().channels().find(name).map(c -> c.userIdOf(session.socketId())).orElse(null);
            if (id != null) {
                return id;
            }
        }
        return null;
    }
}
