package dev.reverbj.transport;

/**
 * Strict UTF-8 validation (RFC 3629, as RFC 6455 section 8.1 requires for text messages and close reasons):
 * no overlong forms, no surrogates, nothing above U+10FFFF, no truncated sequence.
 */
final class Utf8 {
    private Utf8() {
    }

    static boolean valid(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lowSecond = 0x80;
            int highSecond = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                need = 1;
            } else if (c >= 0xe0 && c <= 0xef) {
                need = 2;
                if (c == 0xe0) {
                    lowSecond = 0xa0; // overlong
                } else if (c == 0xed) {
                    highSecond = 0x9f; // surrogates
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                need = 3;
                if (c == 0xf0) {
                    lowSecond = 0x90; // overlong
                } else if (c == 0xf4) {
                    highSecond = 0x8f; // above U+10FFFF
                }
            } else {
                return false;
            }
            if (i + need >= to) {
                return false; // truncated
            }
            int second = b[i + 1] & 0xff;
            if (second < lowSecond || second > highSecond) {
                return false;
            }
            for (int k = 2; k <= need; k++) {
                int next = b[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return false;
                }
            }
            i += need + 1;
        }
        return true;
    }
}
