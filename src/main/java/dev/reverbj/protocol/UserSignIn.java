package dev.reverbj.protocol;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.wire.ServerFrames;

/**
 * {@code pusher:signin} (user authentication): checks the signature over {@code "{socket_id}::user::{user_data}"}
 * and remembers who the connection is, for {@code terminate_connections}. Runs on the reader thread.
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
        userId = s.userId();
        session.connection().send(ServerFrames.signinSuccess(s.userData()));
    }
}
