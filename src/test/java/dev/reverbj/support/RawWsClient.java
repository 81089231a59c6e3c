package dev.reverbj.support;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.protocol.SocketId;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A WebSocket client on a raw socket that writes exactly the frames it is told to, right or wrong (RFC 6455 tests,
 * clients that vanish). Every read waits at most {@link WsClient#WAIT}.
 */
public final class RawWsClient implements AutoCloseable {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** One frame from the server. */
    public record Frame(boolean fin, int rsv, int opcode, boolean masked, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        /** The code of a close frame, or -1 when it has no body. */
        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : -1;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String socketId;

    private RawWsClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        socket.setSoTimeout((int) WsClient.WAIT.toMillis());
    }

    /** Opens the socket and completes the handshake (asserting the 101); reads nothing after it. */
    public static RawWsClient open(TestServer server, String key) {
        try {
            RawWsClient client = new RawWsClient(new Socket("127.0.0.1", server.port()));
            String nonce = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            client.writeRaw(("GET /app/" + key + "?protocol=7 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + nonce + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = client.in.read();
                if (b < 0) {
                    fail("connection closed during the handshake: " + head);
                }
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens and waits for {@code pusher:connection_established}. */
    public static RawWsClient connect(TestServer server, String key) {
        RawWsClient client = open(server, key);
        JsonObject established = WsClient.parse(client.nextText());
        assertEquals("pusher:connection_established", established.getString("event"));
        client.socketId = WsClient.dataObject(established).getString("socket_id");
        return client;
    }

    public String socketId() {
        return socketId;
    }

    /** Subscribes to a channel (signed when it is private or presence) and waits for its success frame. */
    public void join(String channel, String channelData, AppConfig app) {
        ChannelName name = ChannelName.of(channel);
        StringBuilder data = new StringBuilder("{\"channel\":").append(Json.createValue(channel));
        if (name.isSigned()) {
            String auth = Signatures.channelAuth(app.key(), app.secret(), new SocketId(socketId), name, channelData);
            data.append(",\"auth\":").append(Json.createValue(auth));
        }
        if (channelData != null) {
            data.append(",\"channel_data\":").append(Json.createValue(channelData));
        }
        sendText("{\"event\":\"pusher:subscribe\",\"data\":" + data + "}}");
        next("pusher_internal:subscription_succeeded");
    }

    /** Writes one frame, masked with a fixed key unless {@code masked} is false. */
    public void send(boolean fin, int rsv, int opcode, byte[] payload, boolean masked) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        int maskBit = masked ? 0x80 : 0;
        if (payload.length < 126) {
            frame.write(maskBit | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(maskBit | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(maskBit | 127);
            for (int i = 7; i >= 0; i--) {
                frame.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
            }
        }
        byte[] key = {0x37, (byte) 0xfa, 0x21, 0x3d};
        if (masked) {
            frame.writeBytes(key);
        }
        for (int i = 0; i < payload.length; i++) {
            frame.write(masked ? payload[i] ^ key[i & 3] : payload[i]);
        }
        writeRaw(frame.toByteArray());
    }

    public void send(int opcode, byte[] payload) {
        send(true, 0, opcode, payload, true);
    }

    public void sendText(String text) {
        send(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendClose(int code, byte[] reason) {
        byte[] payload = new byte[2 + reason.length];
        payload[0] = (byte) (code >>> 8);
        payload[1] = (byte) code;
        System.arraycopy(reason, 0, payload, 2, reason.length);
        send(CLOSE, payload);
    }

    public void writeRaw(byte[] bytes) {
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next frame, or null when the server closed the TCP connection. */
    public Frame next() {
        try {
            int b0 = in.read();
            if (b0 < 0) {
                return null;
            }
            int b1 = readByte();
            long length = b1 & 0x7f;
            if (length == 126) {
                length = (readByte() << 8) | readByte();
            } else if (length == 127) {
                length = 0;
                for (int i = 0; i < 8; i++) {
                    length = (length << 8) | readByte();
                }
            }
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                throw new EOFException("frame cut short");
            }
            return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 7, b0 & 0x0f, (b1 & 0x80) != 0, payload);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no frame within " + WsClient.WAIT, e);
        } catch (IOException e) {
            return null; // reset
        }
    }

    /** The next text frame's payload; fails on anything else. */
    public String nextText() {
        Frame frame = next();
        assertTrue(frame != null && frame.opcode() == TEXT, "expected a text frame, got " + describe(frame));
        return frame.text();
    }

    /** The next frame of this Pusher event (others are skipped). */
    public JsonObject next(String event) {
        while (true) {
            JsonObject frame = WsClient.parse(nextText());
            if (event.equals(frame.getString("event"))) {
                return frame;
            }
        }
    }

    /**
     * Reads until the server's close frame, answers it like a well-behaved client (close, then FIN), and checks that
     * the server sent nothing after its close and then closed the TCP connection.
     *
     * @return the close frame's code (-1 for none); the text frames before it are in {@code before}
     */
    public int awaitClose(List<String> before) {
        while (true) {
            Frame frame = next();
            assertTrue(frame != null, "TCP closed without a close frame; text before: " + before);
            assertEquals(0, frame.rsv());
            assertTrue(!frame.masked(), "server frames are never masked");
            if (frame.opcode() == TEXT) {
                before.add(frame.text());
                continue;
            }
            if (frame.opcode() != CLOSE) {
                continue; // a ping
            }
            try {
                send(CLOSE, new byte[0]);
                socket.shutdownOutput();
            } catch (IOException | UncheckedIOException e) {
                // The server may have closed already: nothing more to check for writes.
            }
            assertEndOfStream();
            return frame.closeCode();
        }
    }

    public int awaitClose() {
        return awaitClose(new ArrayList<>());
    }

    /** Asserts the server closes the TCP connection with no further byte. */
    public void assertEndOfStream() {
        try {
            byte[] rest = in.readAllBytes();
            assertEquals(0, rest.length, "bytes after the close frame: " + new String(rest, StandardCharsets.ISO_8859_1));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close the TCP connection within " + WsClient.WAIT, e);
        } catch (IOException e) {
            // reset: closed too
        }
    }

    /** Goes away without a close frame: a FIN (the process died) or, with {@code reset}, an RST (SO_LINGER 0). */
    public void vanish(boolean reset) {
        try {
            if (reset) {
                socket.setSoLinger(true, 0);
            }
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private static String describe(Frame frame) {
        return frame == null ? "end of stream" : "opcode " + frame.opcode() + " " + frame.text();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
