package dev.reverbj.protocol;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.reverbj.protocol.wire.FrameParser;
import dev.reverbj.protocol.wire.ServerFrames;

/**
 * One client's protocol state and the dispatcher of its frames: subscriptions ({@link Subscriptions}), client
 * events ({@link ClientEvents}), sign-in ({@link UserSignIn}), the rate window and liveness. {@link #receive}
 * runs on the socket's reader thread (one at a time); {@link #checkLiveness} on the sweeper;
 * {@link #disconnected} on whichever thread learns the socket is gone first. This is the one place that
 * catches a {@link PusherException}; the exception writes its own frames.
 */
public final class Session {
    private static final System.Logger LOG = System.getLogger(Session.class.getName());

    private final App app;
    private final Connection connection;
    private final Clock clock;
    private final Subscriptions subscriptions = new Subscriptions(this);
    private final UserSignIn signIn = new UserSignIn();
    private final RateWindow rate;
    private final AtomicBoolean gone = new AtomicBoolean();

    private volatile long lastActivity;
    private volatile long pingSentAt;
    private volatile boolean usesControlFrames;

    Session(App app, Connection connection, Clock clock) {
        this.app = app;
        this.connection = connection;
        this.clock = clock;
        this.lastActivity = clock.millis();
        this.rate = new RateWindow(app.config().rateLimiting(), clock);
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

    /** The user this connection signed in as ({@code pusher:signin}), or null. */
    String signedInUserId() {
        return signIn.userId();
    }

    /** The user id this connection stands for: signed-in user, else any presence membership. */
    public String userId() {
        String user = signIn.userId();
        return user != null ? user : subscriptions.presenceUserId();
    }

    public Set<ChannelName> subscriptions() {
        return subscriptions.names();
    }

    /** A complete text message from the client. Never throws. */
    public void receive(String text) {
        receive(Frame.received(text, Frame.utf8Length(text)));
    }

    /** A complete text message whose UTF-8 size the transport already counted. Never throws. */
    public void receive(Frame frame) {
        touch();
        app.observer().received(this, frame);
        handle(() -> {
            admit();
            dispatch(FrameParser.parse(frame.text()));
        });
    }

    /** A complete binary message: not part of the Pusher protocol, answered with 4200. Never throws. */
    public void receiveBinary() {
        controlFrameSeen();
        handle(() -> {
            throw new PusherException(PusherError.INVALID_MESSAGE,
                    PusherError.INVALID_MESSAGE.message() + ": binary frames are not part of the Pusher protocol");
        });
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

    private void handle(Runnable work) {
        try {
            work.run();
        } catch (PusherException e) {
            if (!gone.get()) {
                e.sendTo(connection);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "bug while handling a frame app=" + app.config().id()
                    + " socket=" + socketId(), e);
            if (!gone.get()) {
                new PusherException(PusherError.INTERNAL).sendTo(connection);
            }
        }
    }

    private void dispatch(ClientMessage message) {
        switch (message) {
            case ClientMessage.Subscribe s -> subscriptions.subscribe(s);
            case ClientMessage.Unsubscribe u -> subscriptions.unsubscribe(u.channel());
            case ClientMessage.Ping p -> connection.send(ServerFrames.pong());
            case ClientMessage.Pong p -> { }
            case ClientMessage.SignIn s -> signIn.signIn(this, s);
            case ClientMessage.ClientEvent e -> ClientEvents.relay(this, subscriptions, e);
            case ClientMessage.Ignored i -> { }
        }
    }

    private void admit() {
        if (!rate.admit()) {
            if (rate.terminates()) {
                terminate(PusherError.RATE_LIMITED);
            }
            throw new PusherException(PusherError.RATE_LIMITED);
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
        subscriptions.leaveAll();
        app.users().signOut(this);
        app.closed(this);
    }

    /** Tells the client why, closes its socket and leaves every channel. */
    public void terminate(PusherError reason) {
        new PusherException(reason).sendTo(connection);
        connection.close(reason);
        disconnected();
    }

    public boolean isGone() {
        return gone.get();
    }
}
