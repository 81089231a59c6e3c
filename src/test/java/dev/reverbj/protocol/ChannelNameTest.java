package dev.reverbj.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ChannelNameTest {
    @ParameterizedTest
    @CsvSource({
            "private-encrypted-x, ENCRYPTED",
            "private-cache-x, PRIVATE_CACHE",
            "presence-cache-x, PRESENCE_CACHE",
            "private-x, PRIVATE",
            "presence-x, PRESENCE",
            "cache-x, CACHE",
            "x, PUBLIC",
            "privatex, PUBLIC",
    })
    void longerPrefixesWin(String name, ChannelKind kind) {
        assertEquals(kind, ChannelName.of(name).kind());
    }

    @Test
    void pushersCharacterSetAndLengthAreEnforced() {
        assertNull(ChannelName.problem("A-z_0=9@,.;"));
        assertNull(ChannelName.problem("x".repeat(200)));
        assertNotNull(ChannelName.problem("x".repeat(201)));
        assertNotNull(ChannelName.problem("with space"));
        assertNotNull(ChannelName.problem("slash/"));
        assertNotNull(ChannelName.problem(""));
    }
}
