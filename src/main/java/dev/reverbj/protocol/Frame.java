package dev.reverbj.protocol;

/**
 * One encoded Pusher frame and its UTF-8 size, computed once and shared by every recipient of a broadcast
 * (DESIGN.md: encode a broadcast once). The size feeds the outbound queue bound and the bytes-sent metric.
 */
public record Frame(String text, int bytes) {

    public static Frame of(String text) {
        return new Frame(text, utf8Length(text));
    }

    /** UTF-8 length without encoding: Pusher frames are mostly ASCII, so this is one pass and no copy. */
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
                // An unpaired surrogate is written as '?': one byte, already counted.
            }
        }
        return bytes;
    }
}
