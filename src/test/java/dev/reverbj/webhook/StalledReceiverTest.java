package dev.reverbj.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;
import dev.reverbj.support.WsClient;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A receiver that answers 200 but never finishes the body of its answer holds the webhook sender no longer than
 * the webhook's timeout: the batch is sent again, and what follows is not stuck behind it.
 */
class StalledReceiverTest {

    @Test
    void aReceiverThatNeverFinishesItsAnswerIsTimedOutAndTheBatchRetried() throws Exception {
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        List<Socket> open = new CopyOnWriteArrayList<>();
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                boolean first = true;
                while (!http.isClosed()) {
                    try {
                        Socket socket = http.accept();
                        open.add(socket);
                        bodies.add(readRequestBody(socket.getInputStream()));
                        // The first answer promises 100 bytes and sends 2, then nothing; the socket stays open.
                        String answer = first ? "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nok"
                                : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                        first = false;
                        socket.getOutputStream().write(answer.getBytes(StandardCharsets.US_ASCII));
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            String url = "http://127.0.0.1:" + http.getLocalPort() + "/stalled";
            try (TestServer server = TestServer.start(TestApps.yaml("webhooks:", "  - url: " + url, "    timeout: 1"));
                 WsClient client = WsClient.connect(server, TestApps.MAIN.key())) {
                client.join("stalled-room");
                assertNotNull(bodies.poll(5, TimeUnit.SECONDS), "the first POST");
                String again = bodies.poll(10, TimeUnit.SECONDS);
                assertNotNull(again, "the batch was sent again after the stalled answer's timeout");
                assertTrue(again.contains("\"channel_occupied\""), again);
            } finally {
                for (Socket s : open) {
                    s.close();
                }
            }
        }
    }

    /** Reads one request's headers and its Content-Length body; returns the body. */
    private static String readRequestBody(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed");
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
