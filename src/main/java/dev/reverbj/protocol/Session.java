package dev.reverbj.protocol;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reverbj.config.AppConfig;
import dev.reverbj.config.ClientEventsPolicy;
import dev.reverbj.config.RateLimit;
import dev.reverbj.protocol.wire.FrameParser;
import dev.reverbj.protocol.wire.ServerFrames;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * One client's protocol state: its subscriptions, liveness and rate window, and the dispatcher of its
 * frames. {@link #receive} runs on the socket's reader thread (one at a time); {@link #checkLiveness}
 * on the sweeper; {@link #disconnected} on whichever thread learns the socket is gone first.
 * This is the one place that turns a {@link PusherException} into a {@code pusher:error} frame.
 */
public final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final App app;
    private final Connection connection;
    private final Clock clock;
    private final Set<ChannelName> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean gone = new AtomicBoolean();

    private volatile long lastActivity;
    private volatile long pingSentAt;
    private volatile boolean usesControlFrames;
    private volatile String signedInUser;

    // Touched only by the reader thread.
    private long rateWindowStart;
    private int rateCount;

    Session(App app, Connection connection, Clock clock) {
        this.app = app;
        this.connection = connection;
        this.clock = clock;
        this.lastActivity = clock.millis();
        this.rateWindowStart = lastActivity;
    }

    public SocketId socketId() {
        return connection.socketId();
    }

    public App app() {
        return app;
    }

    public Connection connection() {
        return connection;
    }

    /** The user id this connection stands for: signed-in user, else any presence membership. */
    public String userId() {
        String user = signedInUser;
        if (user != null) {
            return user;
        }
        for (ChannelName name : subscriptions) {
            if (name.isPresence()) {
                String id = app.channels().find(name)
                        .filter(PresenceChannel.class::isInstance)
                        .map(c -> ((PresenceChannel) c).userIdOf(socketId()))
                        .orElse(null);
                if (id != null) {
                    return id;
                }
            }
        }
        return null;
    }

    public Set<ChannelName> subscriptions() {
        return Set.copyOf(subscriptions);
    }

    /** A complete text message from the client. Never throws. */
    public void receive(String text) {
        receive(Frame.of(text));
    }

    /** A complete text message whose UTF-8 size the transport already counted. Never throws. */
    public void receive(Frame frame) {
        touch();
        app.observer().received(this, frame);
        try {
            enforceRateLimit();
            dispatch(FrameParser.parse(frame.text()));
        } catch (PusherException e) {
            report(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug while handling a frame app=" + app.config().id()
                    + " socket=" + socketId(), e);
            report(new PusherException(PusherError.INTERNAL));
        }
    }

    /** A WebSocket ping or pong control frame arrived. */
    public void controlFrameSeen() {
        usesControlFrames = true;
        touch();
    }

    private void touch() {
        lastActivity = clock.millis();
        pingSentAt = 0;
    }

    private void dispatch(ClientMessage message) {
        switch (message) {
            case ClientMessage.Subscribe s -> subscribe(s);
            case ClientMessage.Unsubscribe u -> unsubscribe(u.channel());
            case ClientMessage.Ping p -> connection.send(ServerFrames.pong());
            case ClientMessage.Pong p -> { }
            case ClientMessage.SignIn s -> signIn(s);
            case ClientMessage.ClientEvent e -> relay(e);
            case ClientMessage.Ignored i -> { }
        }
    }

    private void subscribe(ClientMessage.Subscribe s) {
        ChannelName name = s.channel();
        AppConfig config = app.config();
        if (name.isSigned()) {
            String expected = Signatures.channelAuth(config.key(), config.secret(), socketId(), name,
                    name.isPresence() ? s.channelData() : null);
            if (!Signatures.matches(expected, s.auth())) {
                throw new PusherException(PusherError.UNAUTHORIZED, PusherError.UNAUTHORIZED.message(), name);
            }
        }
        int maxChannels = config.maxChannels();
        if (subscriptions.size() >= maxChannels && !subscriptions.contains(name)) {
            throw new PusherException(PusherError.TOO_MANY_CHANNELS, "Too many channels: at most " + maxChannels
                    + " per connection (max-channels)", name);
        }
        PresenceMember member = name.isPresence() ? presenceMember(s.channelData(), name) : null;
        ChannelManager.Joined joined = app.channels().subscribe(connection, name, member);
        subscriptions.add(name);
        if (gone.get()) {
            // The socket went away while we subscribed, after disconnected() walked the subscriptions: undo it
            // here, or a dead connection (and its presence member) would stay in the channel.
            unsubscribe(name);
            return;
        }
        app.observer().subscribed(this, name);
        if (joined.roster() != null) {
            connection.send(ServerFrames.presenceSubscriptionSucceeded(name, joined.roster()));
        } else {
            connection.send(ServerFrames.subscriptionSucceeded(name));
        }
        if (joined.newMember()) {
            app.channels().find(name).ifPresent(channel ->
                    channel.broadcast(ServerFrames.memberAdded(name, member.userId(), member.userInfo()), socketId()));
        }
        if (name.isCache()) {
            connection.send(app.channels().cachedEvent(name).orElseGet(() -> ServerFrames.cacheMiss(name)));
        }
        if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "subscribed app={0} socket={1} channel={2}", config.id(), socketId(), name);
        }
    }

    private static PresenceMember presenceMember(String channelData, ChannelName name) {
        if (channelData == null) {
            throw new PusherException(PusherError.INVALID_MESSAGE,
                    "Invalid message format: presence channels need channel_data", name);
        }
        JsonObject data = FrameParser.readObject(channelData, "channel_data is not a JSON object");
        String userId = FrameParser.userId(data.get("user_id"), "channel_data.user_id");
        if (Frame.utf8Length(userId) > AppConfig.MAX_USER_ID_LENGTH) {
            throw new PusherException(PusherError.INVALID_MESSAGE,
                    "Invalid message format: user_id is longer than " + AppConfig.MAX_USER_ID_LENGTH + " bytes", name);
        }
        JsonValue info = data.get("user_info");
        String userInfo = info == null ? "{}" : info.toString();
        if (Frame.utf8Length(userInfo) > AppConfig.MAX_USER_INFO_BYTES) {
            throw new PusherException(PusherError.INVALID_MESSAGE,
                    "Invalid message format: user_info is larger than " + AppConfig.MAX_USER_INFO_BYTES + " bytes", name);
        }
        return new PresenceMember(userId, userInfo);
    }

    private void unsubscribe(ChannelName name) {
        if (subscriptions.remove(name)) {
            app.channels().unsubscribe(connection, name);
            app.observer().unsubscribed(this, name);
        }
    }

    private void signIn(ClientMessage.SignIn s) {
        AppConfig config = app.config();
        String expected = config.key() + ":"
                + Signatures.hmacSha256Hex(config.secret(), socketId().value() + "::user::" + s.userData());
        if (!Signatures.matches(expected, s.auth())) {
            throw new PusherException(PusherError.UNAUTHORIZED);
        }
        signedInUser = s.userId();
        connection.send(ServerFrames.signinSuccess(s.userData()));
    }

    private void relay(ClientMessage.ClientEvent event) {
        ChannelName name = event.channel();
        ClientEventsPolicy policy = app.config().acceptClientEventsFrom();
        if (policy == ClientEventsPolicy.NONE) {
            throw new PusherException(PusherError.CLIENT_EVENTS_DISABLED);
        }
        if (!subscriptions.contains(name) || (policy == ClientEventsPolicy.MEMBERS && !name.isSigned())) {
            throw new PusherException(PusherError.NOT_A_MEMBER);
        }
        String userId = null;
        if (name.isPresence()) {
            userId = app.channels().find(name)
                    .map(c -> ((PresenceChannel) c).userIdOf(socketId()))
                    .orElse(null);
        }
        app.broker().publish(app, name, ServerFrames.event(event.event(), name, event.data(), userId), socketId());
    }

    private void enforceRateLimit() {
        RateLimit limit = app.config().rateLimiting();
        if (!limit.enabled()) {
            return;
        }
        long now = clock.millis();
        if (now - rateWindowStart >= limit.decaySeconds() * 1000L) {
            rateWindowStart = now;
            rateCount = 0;
        }
        if (++rateCount > limit.maxAttempts()) {
            if (limit.terminateOnLimit()) {
                terminate(PusherError.RATE_LIMITED);
            }
            throw new PusherException(PusherError.RATE_LIMITED);
        }
    }

    private void report(PusherException e) {
        if (gone.get()) {
            return;
        }
        connection.send(ServerFrames.error(e.error().code(), e.getMessage()));
        if (e.channel() != null) {
            String type = switch (e.error()) {
                case UNAUTHORIZED -> "AuthError";
                case PRESENCE_FULL, TOO_MANY_CHANNELS -> "LimitReached";
                default -> "InvalidSubscription";
            };
            int status = switch (e.error()) {
                case UNAUTHORIZED -> 401;
                case PRESENCE_FULL, TOO_MANY_CHANNELS -> 403;
                default -> 400;
            };
            connection.send(ServerFrames.subscriptionError(e.channel(), type, e.getMessage(), status));
        }
    }

    /**
     * Called by the sweeper: pings a connection silent for a ping interval, prunes one that stayed silent
     * for another (SPEC.md section 5).
     *
     * @return true when the connection was pruned
     */
    public boolean checkLiveness(long now) {
        long interval = app.config().pingInterval().toMillis();
        long pinged = pingSentAt;
        if (pinged != 0) {
            if (now - pinged >= interval) {
                terminate(PusherError.PONG_TIMEOUT);
                return true;
            }
        } else if (now - lastActivity >= interval) {
            pingSentAt = now;
            if (usesControlFrames) {
                connection.ping();
            } else {
                connection.send(ServerFrames.ping());
            }
        }
        return false;
    }

    /** The socket is gone (closed, failed, pruned). Leaves every channel once; safe to call repeatedly. */
    public void disconnected() {
        if (!gone.compareAndSet(false, true)) {
            return;
        }
        // Each name is removed by whichever of this loop and a concurrent subscribe() gets to it first.
        for (ChannelName name : subscriptions) {
            unsubscribe(name);
        }
        app.closed(this);
    }

    /** Tells the client why, closes its socket and leaves every channel. */
    public void terminate(PusherError reason) {
        connection.send(ServerFrames.error(reason.code(), reason.message()));
        connection.close(reason);
        disconnected();
    }

    public boolean isGone() {
        return gone.get();
    }
}
