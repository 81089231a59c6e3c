package dev.reverbj.transport;

import dev.reverbj.protocol.PusherError;

import io.helidon.common.buffers.DataReader;

/**
 * Reads one client WebSocket frame at a time from the connection's {@link DataReader} and enforces the frame-level
 * rules of RFC 6455 section 5: client frames are masked, reserved bits are zero, opcodes are defined, control
 * frames are final and at most 125 bytes, and no frame is longer than the limit (checked before its payload is
 * read). Used by the connection's reader thread only; the fields describe the last frame read.
 */
final class FrameReader {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;
    private static final byte[] EMPTY = new byte[0];

    private final DataReader reader;
    private final byte[] mask = new byte[4];
    private boolean fin;
    private int opcode;
    private byte[] payload;

    FrameReader(DataReader reader) {
        this.reader = reader;
    }

    /**
     * Blocks until the next frame has been read and unmasked.
     *
     * @param limit the largest payload accepted; beyond it {@link Violation} 1009 is thrown before reading it
     * @throws Violation when the frame breaks the RFC or the limit
     * @throws RuntimeException when the socket ends (EOF, reset, interrupt)
     */
    void next(long limit) {
        int b0 = reader.read() & 0xff;
        int b1 = reader.read() & 0xff;
        fin = (b0 & 0x80) != 0;
        opcode = b0 & 0x0f;
        if ((b0 & 0x70) != 0) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "reserved bits set without a negotiated extension");
        }
        boolean control = (opcode & 0x8) != 0;
        if (opcode > BINARY && !control || opcode > PONG) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "reserved opcode " + opcode);
        }
        if ((b1 & 0x80) == 0) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "client frames must be masked");
        }
        long length = b1 & 0x7f;
        if (length == 126) {
            length = ((reader.read() & 0xff) << 8) | (reader.read() & 0xff);
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (reader.read() & 0xff);
            }
            if (length < 0) {
                throw new Violation(CloseCodes.PROTOCOL_ERROR, "frame length has its most significant bit set");
            }
        }
        if (control && (length > 125 || !fin)) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "control frames must be final and at most 125 bytes");
        }
        if (length > limit) {
            throw new Violation(CloseCodes.TOO_BIG, PusherError.MESSAGE_TOO_BIG.message());
        }
        for (int i = 0; i < 4; i++) {
            mask[i] = reader.read();
        }
        int n = (int) length;
        payload = n == 0 ? EMPTY : reader.readBytes(n);
        for (int i = 0; i < n; i++) {
            payload[i] ^= mask[i & 3];
        }
    }

    /** Reads and drops everything until the socket ends; returns only by throwing (EOF, reset, cut). */
    void discardUntilEnd() {
        while (true) {
            reader.readBuffer();
        }
    }

    boolean fin() {
        return fin;
    }

    int opcode() {
        return opcode;
    }

    byte[] payload() {
        return payload;
    }
}
