package dev.reverbj.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameTest {
    @ParameterizedTest
    @ValueSource(strings = {"", "ascii only", "caf\u00e9", "\u20ac uro", "emoji \ud83d\ude00 pair", "lone \ud83d surrogate"})
    void sizeIsTheUtf8LengthHelidonWillWrite(String text) {
        assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Frame.of(text).bytes());
    }
}
