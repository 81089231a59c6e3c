package dev.reverbj.transport;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.reverbj.support.RawWsClient;
import dev.reverbj.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.reverbj.support.RawWsClient.BINARY;
import static dev.reverbj.support.RawWsClient.CLOSE;
import static dev.reverbj.support.RawWsClient.CONTINUATION;
import static dev.reverbj.support.RawWsClient.PING;
import static dev.reverbj.support.RawWsClient.PONG;
import static dev.reverbj.support.RawWsClient.TEXT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6455 server duties, tested with frames written byte by byte (SPEC.md section 9). */
class WebSocketFramingTest {
    private static final byte[] PING_EVENT = "{\"event\":\"pusher:ping\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] INVALID_UTF8 = {'{', '"', (byte) 0xc3, (byte) 0x28, '"', '}'};
    static final TestServer server = TestServer.start("""
            reverb:
              apps:
                - { app-id: raw, key: raw-key, secret: raw-secret, max-message-size: 1000 }
            """);

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawWsClient client() {
        return RawWsClient.connect(server, "raw-key");
    }

    @Test
    void anUnmaskedClientFrameGets1002() {
        try (RawWsClient client = client()) {
            client.send(true, 0, TEXT, PING_EVENT, false);
            assertEquals(1002, client.awaitClose());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void reservedBitsGet1002(int rsv) {
        try (RawWsClient client = client()) {
            client.send(true, rsv, TEXT, PING_EVENT, true);
            assertEquals(1002, client.awaitClose());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    void reservedOpcodesGet1002AndNeverAnHttpAnswer(int opcode) {
        try (RawWsClient client = client()) {
            client.send(true, 0, opcode, new byte[] {1, 2, 3}, true);
            // awaitClose fails on anything that is not a WebSocket frame (an "HTTP/1.1 500" parses as garbage)
            assertEquals(1002, client.awaitClose());
        }
    }

    @Test
    void aControlFrameOver125BytesGets1002() {
        try (RawWsClient client = client()) {
            client.send(PING, new byte[126]);
            assertEquals(1002, client.awaitClose());
        }
    }

    @Test
    void aFragmentedControlFrameGets1002() {
        try (RawWsClient client = client()) {
            client.send(false, 0, PING, new byte[] {1}, true);
            assertEquals(1002, client.awaitClose());
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() {
        try (RawWsClient client = client()) {
            client.send(PING, new byte[] {9, 8, 7});
            RawWsClient.Frame pong = client.next();
            assertEquals(PONG, pong.opcode());
            assertArrayEquals(new byte[] {9, 8, 7}, pong.payload());
        }
    }

    @Test
    void invalidUtf8TextGets1007() {
        try (RawWsClient client = client()) {
            client.send(TEXT, INVALID_UTF8);
            assertEquals(1007, client.awaitClose());
        }
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsGets1007() {
        try (RawWsClient client = client()) {
            byte[] text = "{\"event\":\"pusher:ping\",\"data\":{\"x\":\"\u00e9\"}}".getBytes(StandardCharsets.UTF_8);
            int split = indexOf(text, (byte) 0xc3) + 1;
            byte[] second = Arrays.copyOfRange(text, split, text.length);
            second[0] = '(';  // a lead byte with no continuation byte
            client.send(false, 0, TEXT, Arrays.copyOf(text, split), true);
            client.send(true, 0, CONTINUATION, second, true);
            assertEquals(1007, client.awaitClose());
        }
    }

    @Test
    void aCharacterSplitAcrossFragmentsIsJoinedAndAnswered() {
        try (RawWsClient client = client()) {
            byte[] text = "{\"event\":\"pusher:ping\",\"data\":{\"x\":\"\u20ac\"}}".getBytes(StandardCharsets.UTF_8);
            int split = indexOf(text, (byte) 0xe2) + 1;
            client.send(false, 0, TEXT, Arrays.copyOf(text, split), true);
            client.send(true, 0, CONTINUATION, Arrays.copyOfRange(text, split, text.length), true);
            assertEquals("{\"event\":\"pusher:pong\",\"data\":\"{}\"}", client.nextText());
        }
    }

    @Test
    void anInvalidUtf8CloseReasonGets1007() {
        try (RawWsClient client = client()) {
            client.sendClose(1000, new byte[] {(byte) 0xff});
            assertEquals(1007, client.awaitClose());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1012, 1015, 2999, 5000, 65535})
    void invalidCloseCodesGet1002(int code) {
        try (RawWsClient client = client()) {
            client.sendClose(code, new byte[0]);
            assertEquals(1002, client.awaitClose());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1000, 1001, 1003, 1007, 1011, 3000, 4000, 4999})
    void aValidCloseIsEchoedThenTheTcpConnectionCloses(int code) {
        try (RawWsClient client = client()) {
            client.sendClose(code, "bye".getBytes(StandardCharsets.UTF_8));
            RawWsClient.Frame echo = client.next();
            assertEquals(CLOSE, echo.opcode());
            assertEquals(code, echo.closeCode());
            client.assertEndOfStream();
        }
    }

    @Test
    void aCloseWithoutABodyIsAnsweredWithoutABody() {
        try (RawWsClient client = client()) {
            client.send(CLOSE, new byte[0]);
            RawWsClient.Frame echo = client.next();
            assertEquals(CLOSE, echo.opcode());
            assertEquals(0, echo.payload().length);
            client.assertEndOfStream();
        }
    }

    @Test
    void aStrayContinuationGets1002AndNothingFollowsTheClose() {
        try (RawWsClient client = RawWsClient.open(server, "raw-key")) {
            client.send(true, 0, CONTINUATION, PING_EVENT, true);
            List<String> before = new ArrayList<>();
            assertEquals(1002, client.awaitClose(before));
            // connection_established may come first, never after the close frame (awaitClose checks the rest).
            assertTrue(before.size() <= 1, before.toString());
        }
    }

    @Test
    void aNewMessageWhileAFragmentedOneIsOpenGets1002() {
        try (RawWsClient client = client()) {
            client.send(false, 0, TEXT, "{\"event\":".getBytes(StandardCharsets.UTF_8), true);
            client.send(true, 0, TEXT, PING_EVENT, true);
            assertEquals(1002, client.awaitClose());
        }
    }

    @Test
    void aFrameOverMaxMessageSizeGets1009() {
        try (RawWsClient client = client()) {
            client.send(TEXT, new byte[1001]);
            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void fragmentsAddingUpToMoreThanMaxMessageSizeGet1009() {
        try (RawWsClient client = client()) {
            client.send(false, 0, TEXT, new byte[600], true);
            client.send(true, 0, CONTINUATION, new byte[600], true);
            assertEquals(1009, client.awaitClose());
        }
    }

    @Test
    void aBinaryMessageGetsAPusherErrorAndTheConnectionStays() {
        try (RawWsClient client = client()) {
            client.send(BINARY, new byte[] {1, 2});
            assertTrue(client.nextText().contains("4200"));
            client.send(TEXT, PING_EVENT);
            assertEquals("{\"event\":\"pusher:pong\",\"data\":\"{}\"}", client.nextText());
        }
    }

    @Test
    void aRefusedConnectionGetsItsErrorThenCloseThenNothing() {
        try (RawWsClient client = RawWsClient.open(server, "no-such-key")) {
            List<String> before = new ArrayList<>();
            assertEquals(4001, client.awaitClose(before));
            assertEquals(1, before.size(), before.toString());
            assertTrue(before.getFirst().contains("4001"), before.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Sec-WebSocket-Key: c2hvcnQ=\r\nSec-WebSocket-Version: 13", // not 16 bytes
            "Sec-WebSocket-Key: MDEyMzQ1Njc4OWFiY2RlZg==\r\nSec-WebSocket-Version: 8",
            "Sec-WebSocket-Version: 13"})
    void aBadHandshakeIsRefusedWith400AndNeverUpgraded(String headers) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(("GET /app/raw-key HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] head = socket.getInputStream().readNBytes(12);
            assertEquals("HTTP/1.1 400", new String(head, StandardCharsets.US_ASCII));
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("not found");
    }
}
