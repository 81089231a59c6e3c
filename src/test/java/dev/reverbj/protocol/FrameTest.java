package dev.reverbj.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "ascii only", "caf\u00e9", "\u20ac uro", "emoji \ud83d\ude00 pair", "lone \ud83d surrogate"})
    void sizeIsTheUtf8LengthOfThePayload(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        Frame frame = Frame.of(text);
        assertEquals(utf8.length, frame.bytes());
        assertArrayEquals(utf8, Arrays.copyOfRange(frame.wire(), frame.wire().length - utf8.length, frame.wire().length));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65_535, 65_536, 70_000})
    void wireIsOneUnmaskedFinalTextFrameWithTheShortestLengthHeader(int length) {
        Frame frame = Frame.of("x".repeat(length));
        byte[] wire = frame.wire();
        assertEquals((byte) 0x81, wire[0]);
        int header;
        long declared;
        if (length < 126) {
            header = 2;
            declared = wire[1];
        } else if (length < 65_536) {
            header = 4;
            assertEquals(126, wire[1]);
            declared = ((wire[2] & 0xff) << 8) | (wire[3] & 0xff);
        } else {
            header = 10;
            assertEquals(127, wire[1]);
            declared = 0;
            for (int i = 2; i < 10; i++) {
                declared = (declared << 8) | (wire[i] & 0xff);
            }
        }
        assertEquals(length, declared);
        assertEquals(header + length, wire.length);
    }

    @Test
    void aReceivedFrameIsNeverWrittenSoItHasNoWireBytes() {
        assertEquals(null, Frame.received("{}", 2).wire());
    }
}
