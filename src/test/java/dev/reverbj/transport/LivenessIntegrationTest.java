package dev.reverbj.transport;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import dev.reverbj.config.AppConfig;
import dev.reverbj.protocol.ChannelName;
import dev.reverbj.protocol.Signatures;
import dev.reverbj.protocol.SocketId;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ping and prune against a real server with {@code ping-interval: 2} (SPEC.md section 5). */
class LivenessIntegrationTest {
    private static final AppConfig APP = AppConfig.withDefaults("live", "live-key", "live-secret");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("""
                reverb:
                  apps:
                    - { app-id: live, key: live-key, secret: live-secret, ping-interval: 2 }
                """);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aSilentConnectionIsPingedThenPrunedWith4201WithinSixSeconds() {
        long start = System.nanoTime();
        try (WsClient silent = WsClient.connect(server, "live-key")) {
            // Never subscribes and never answers: Reverb would keep it forever, we must not.
            silent.next("pusher:ping", Duration.ofSeconds(4));
            JsonObject error = WsClient.dataObject(silent.next("pusher:error", Duration.ofSeconds(4)));
            assertEquals(4201, error.getInt("code"));
            assertEquals(4201, silent.awaitClose(Duration.ofSeconds(2)));
            long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
            assertTrue(seconds <= 6, "pruned after " + seconds + " s");
        }
    }

    @Test
    void aConnectionThatAnswersPingsStays() throws Exception {
        try (WsClient lively = WsClient.connect(server, "live-key")) {
            lively.join("heartbeat");
            long deadline = System.nanoTime() + Duration.ofSeconds(7).toNanos();
            int pings = 0;
            while (System.nanoTime() < deadline) {
                JsonObject ping = lively.next("pusher:ping", Duration.ofSeconds(4));
                assertEquals("pusher:ping", ping.getString("event"));
                lively.send("{\"event\":\"pusher:pong\",\"data\":{}}");
                pings++;
            }
            assertTrue(pings >= 2, "pings answered: " + pings);
            assertFalse(lively.isClosed());
        }
    }

    @Test
    void aPresenceMemberWhoseSocketIsResetIsRemovedWithinTwoPingIntervals() throws Exception {
        try (WsClient watcher = WsClient.connect(server, "live-key")) {
            watcher.joinPresence("presence-reset", "{\"user_id\":\"watcher\"}", APP);
            try (Socket raw = new Socket("127.0.0.1", server.port())) {
                RawWebSocket ws = RawWebSocket.handshake(raw, "/app/live-key?protocol=7");
                String established = ws.readText();
                String socketId = WsClient.dataObject(WsClient.parse(established)).getString("socket_id");
                String channelData = "{\"user_id\":\"ghost\"}";
                String auth = Signatures.channelAuth(APP.key(), APP.secret(), new SocketId(socketId),
                        ChannelName.of("presence-reset"), channelData);
                ws.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-reset\",\"auth\":\"" + auth
                        + "\",\"channel_data\":" + jakarta.json.Json.createValue(channelData) + "}}");
                watcher.next("pusher_internal:member_added");
                // Vanish without a close frame: RST instead of FIN.
                raw.setSoLinger(true, 0);
            }
            long start = System.nanoTime();
            JsonObject removed = watcher.next("pusher_internal:member_removed", Duration.ofSeconds(5));
            assertEquals("{\"user_id\":\"ghost\"}", WsClient.dataObject(removed).toString());
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertTrue(millis <= 4_500, "member removed after " + millis + " ms (2 x ping-interval = 4000 ms + one sweep)");
        }
    }

    /** Just enough of a WebSocket client to vanish without a close frame. */
    private record RawWebSocket(InputStream in, OutputStream out) {
        static RawWebSocket handshake(Socket socket, String path) throws Exception {
            String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            return new RawWebSocket(in, out);
        }

        String readText() throws Exception {
            int b0 = in.read();
            int len = in.read() & 0x7F;
            if (len == 126) {
                len = (in.read() << 8) | in.read();
            }
            assertEquals(0x81, b0);
            return new String(in.readNBytes(len), StandardCharsets.UTF_8);
        }

        void sendText(String text) throws Exception {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            out.write(0x81);
            if (payload.length < 126) {
                out.write(0x80 | payload.length);
            } else {
                out.write(0x80 | 126);
                out.write(payload.length >> 8);
                out.write(payload.length & 0xFF);
            }
            byte[] mask = {1, 2, 3, 4};
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();
        }
    }
}
