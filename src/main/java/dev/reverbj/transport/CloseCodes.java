package dev.reverbj.transport;

/** The WebSocket close codes this server sends, and which codes a client may send (RFC 6455 section 7.4). */
final class CloseCodes {
    static final int NORMAL = 1000;
    static final int PROTOCOL_ERROR = 1002;
    static final int INVALID_PAYLOAD = 1007;
    static final int TOO_BIG = 1009;
    /** Sent by us when a close frame carried no code: there is no code to echo. */
    static final int NO_STATUS = 1005;

    private CloseCodes() {
    }

    /**
     * Codes a peer may put in a close frame: the defined 1000–1003, 1007–1011 (1004, 1005, 1006 and 1015 are
     * reserved and never sent), and 3000–4999 for libraries and applications.
     */
    static boolean validFromPeer(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }
}
