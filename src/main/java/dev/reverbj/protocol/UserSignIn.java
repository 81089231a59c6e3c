package dev.reverbj.protocol;

import java.util.List;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.wire.ServerFrames;

/**
 * {@code pusher:signin} (user authentication): checks the signature over {@code "{socket_id}::user::{user_data}"}
 * and remembers who the connection is, for {@code terminate_connections}; the app's {@link SignedInUsers}
 * subscribe it to its server-to-user and watchlist channels. Runs on the reader thread.
 */
final class UserSignIn {
    private volatile String userId;

    /** The signed-in user, or null. */
    String userId() {
        return userId;
    }

    void signIn(Session session, ClientMessage.SignIn s) {
        AppConfig config = session.app().config();
        String expected = config.key() + ":"
                + Signatures.hmacSha256Hex(config.secret(), session.socketId().value() + "::user::" + s.userData());
        if (!Signatures.matches(expected, s.auth())) {
            throw new PusherException(PusherError.UNAUTHORIZED);
        }
        List<String> watchlist = SignedInUsers.watchlist(s.userData());
        userId = s.userId();
        // Subscribed to its internal channels before it is told: a sendToUser right after signin_success arrives.
        session.app().users().signIn(session, s.userId(), watchlist);
        session.connection().send(ServerFrames.signinSuccess(s.userData()));
        if (!watchlist.isEmpty()) {
            session.app().observer().watching(session, watchlist);
        }
        if (session.isGone()) {
            session.app().users().signOut(session); // raced a disconnect that already signed out: undo
        }
    }
}
