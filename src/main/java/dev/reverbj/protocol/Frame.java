package dev.reverbj.protocol;

import java.nio.charset.StandardCharsets;

/**
 * One Pusher frame, built once and shared by every recipient of a broadcast (DESIGN.md: frame a broadcast once).
 * An outbound frame ({@link #of}) carries its complete server WebSocket text frame in {@code wire}: the RFC 6455
 * header (FIN, opcode 1, unmasked length) followed by the UTF-8 payload. Server frames are never masked, so the
 * same bytes are written to every socket: no encoding and no copy per recipient. {@code text} stays for the
 * {@code --debug} log and observers; {@code bytes} is the payload's UTF-8 size (outbox bound, bytes-sent metric).
 *
 * @param wire the whole WebSocket frame; null for a frame {@link #received} from a client (never written back)
 */
public record Frame(String text, int bytes, byte[] wire) {
    /** First header byte of a complete (FIN) text frame. */
    private static final int FIN_TEXT = 0x81;

    public static Frame of(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        return new Frame(text, payload.length, wire(FIN_TEXT, payload, payload.length));
    }

    /** A complete text message read from a client; the transport already counted its UTF-8 size. */
    public static Frame received(String text, int bytes) {
        return new Frame(text, bytes, null);
    }

    /**
     * An unmasked server frame: {@code firstByte} (FIN, opcode) and a length header (RFC 6455 section 5.2), then
     * the first {@code length} bytes of {@code payload}.
     */
    public static byte[] wire(int firstByte, byte[] payload, int length) {
        int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
        byte[] out = new byte[header + length];
        out[0] = (byte) firstByte;
        if (header == 2) {
            out[1] = (byte) length;
        } else if (header == 4) {
            out[1] = 126;
            out[2] = (byte) (length >>> 8);
            out[3] = (byte) length;
        } else {
            out[1] = 127;
            for (int i = 0; i < 8; i++) {
                out[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, out, header, length);
        return out;
    }

    /** UTF-8 length without encoding: one pass and no copy (an unpaired surrogate counts as the one byte '?'). */
    public static int utf8Length(String s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    // A surrogate pair is 2 chars and 4 bytes.
                    bytes += 2;
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
