package dev.reverbj.transport;

import java.nio.charset.StandardCharsets;

import dev.reverbj.protocol.Frame;

/**
 * A WebSocket control frame waiting in a connection's outbox (data frames wait as the shared {@link Frame}).
 *
 * @param wire      the whole unmasked frame
 * @param closeCode set for a close frame, 0 otherwise
 * @param reason    the close reason, for the frame log
 */
record ControlFrame(byte[] wire, int closeCode, String reason) {
    static final ControlFrame PING = new ControlFrame(Frame.wire(0x89, new byte[0], 0), 0, null);

    static ControlFrame pong(byte[] payload) {
        return new ControlFrame(Frame.wire(0x8A, payload, payload.length), 0, null);
    }

    /** @param code a close code, or {@link CloseCodes#NO_STATUS} for a close frame without a body */
    static ControlFrame close(int code, String reason) {
        if (code == CloseCodes.NO_STATUS) {
            return new ControlFrame(Frame.wire(0x88, new byte[0], 0), code, "");
        }
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        // A control frame carries at most 125 bytes: the code and 123 of reason (our reasons are ASCII).
        int length = Math.min(text.length, 123);
        byte[] payload = new byte[2 + length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, length);
        return new ControlFrame(Frame.wire(0x88, payload, payload.length), code, reason);
    }

    boolean isClose() {
        return closeCode != 0;
    }
}
