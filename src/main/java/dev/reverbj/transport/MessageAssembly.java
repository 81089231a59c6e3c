package dev.reverbj.transport;

import java.util.Arrays;

/**
 * Joins the data frames of one client message (RFC 6455 section 5.4) and applies the message rules: a new message
 * may not begin while one is unfinished, a continuation frame needs an unfinished message (1002), and a text message
 * must be valid UTF-8 (section 8.1, 1007). An unfragmented message is handed on as its frame's own payload, without a
 * copy. Used by the connection's reader thread only. This is the base of {@link PusherConnection} only (a subclass,
 * not a field, so a socket costs no extra object).
 */
abstract sealed class MessageAssembly permits PusherConnection {

    private byte[] partial;
    private int partialLength;
    private int messageOpcode;

    /** Bytes of the unfinished message so far: the next frame may carry at most the size limit less these. */
    final int pendingLength() {
        return partialLength;
    }

    /**
     * Takes one data frame ({@link FrameReader#TEXT}, {@link FrameReader#BINARY} or
     * {@link FrameReader#CONTINUATION}); when it ends a message, hands the message to {@link #message}.
     *
     * @throws Violation when the frame breaks the message rules
     */
    final void assemble(int opcode, boolean fin, byte[] payload) {
        if (opcode != FrameReader.CONTINUATION) {
            if (messageOpcode != 0) {
                throw new Violation(CloseCodes.PROTOCOL_ERROR, "a new message began before the last one ended");
            }
            if (fin) {
                complete(opcode, payload, payload.length);
            } else {
                messageOpcode = opcode;
                append(payload);
            }
            return;
        }
        if (messageOpcode == 0) {
            throw new Violation(CloseCodes.PROTOCOL_ERROR, "continuation frame without a message");
        }
        append(payload);
        if (fin) {
            int whole = messageOpcode;
            byte[] bytes = partial;
            int length = partialLength;
            partial = null;
            partialLength = 0;
            messageOpcode = 0;
            complete(whole, bytes, length);
        }
    }

    private void append(byte[] payload) {
        if (partial == null) {
            partial = new byte[Math.max(256, payload.length)];
        } else if (partialLength + payload.length > partial.length) {
            partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + payload.length));
        }
        System.arraycopy(payload, 0, partial, partialLength, payload.length);
        partialLength += payload.length;
    }

    /** A complete message: {@code bytes[0..length)}, checked to be UTF-8 if text. Called on the reader thread. */
    abstract void message(int opcode, byte[] bytes, int length);

    private void complete(int opcode, byte[] bytes, int length) {
        if (opcode == FrameReader.TEXT && !Utf8.valid(bytes, 0, length)) {
            throw new Violation(CloseCodes.INVALID_PAYLOAD, "text message is not valid UTF-8");
        }
        message(opcode, bytes, length);
    }
}
