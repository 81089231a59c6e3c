package dev.reverbj.transport;

/** The WebSocket close codes this server sends, and which codes a client may send (RFC 6455 section 7.4). */
final class CloseCodes {
    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;
    /** Sent by us when a close frame carried no code: there is no code to echo. */
    static final int NO_STATUS = 1005;
    /** Never on the wire: the socket ended without a close frame (RFC 6455 section 7.1.5). */
    static final int ABNORMAL = 1006;

    private CloseCodes() {
    }

    /**
     * Codes a peer may put in a close frame: the defined 1000–1003, 1007–1011 (1004, 1005, 1006 and 1015 are
     * reserved and never sent), and 3000–4999 for libraries and applications.
     */
    static boolean validFromPeer(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    /**
     * The code of a client's close frame (RFC 6455 section 5.5.1), {@link #NO_STATUS} when it has no body.
     *
     * @throws Violation when the body is one byte, the code is not one a peer may send, or the reason is not UTF-8
     */
    static int fromPeer(byte[] payload) {
        if (payload.length == 1) {
            throw new Violation(PROTOCOL_ERROR, "close frame with a one-byte body");
        }
        if (payload.length < 2) {
            return NO_STATUS;
        }
        int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        if (!validFromPeer(code)) {
            throw new Violation(PROTOCOL_ERROR, "invalid close code " + code);
        }
        if (!Utf8.valid(payload, 2, payload.length)) {
            throw new Violation(INVALID_PAYLOAD, "close reason is not valid UTF-8");
        }
        return code;
    }
}
