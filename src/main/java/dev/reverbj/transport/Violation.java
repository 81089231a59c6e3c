package dev.reverbj.transport;

/**
 * A client broke RFC 6455 (or our size limit): the connection is failed with {@code code}
 * (1002 protocol error, 1007 invalid UTF-8, 1009 too big). Thrown by the frame reader, caught by the read loop.
 */
final class Violation extends RuntimeException {
    private final int code;

    Violation(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
