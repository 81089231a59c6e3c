package dev.reverbj.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.reverbj.support.RawWsClient;
import dev.reverbj.support.TestServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code reverb.server.request-timeout}: sockets that never finish a request head or body are closed. */
class RequestTimeoutTest {
    static final TestServer server = TestServer.start("""
            reverb:
              server: { request-timeout: 1 }
              apps:
                - { app-id: slow, key: slow-key, secret: slow-secret }
            """);

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aTcpConnectionThatNeverSendsAByteIsClosed() throws IOException {
        try (Socket idle = new Socket("127.0.0.1", server.port())) {
            assertEquals("", readUntilClosed(idle));
        }
    }

    @Test
    void aRequestHeadThatNeverEndsIsClosedWithoutAnAnswer() throws IOException {
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.getOutputStream().write("GET /up HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("", readUntilClosed(slow));
        }
    }

    @Test
    void aRequestBodyThatStallsIsAnswered408AndClosed() throws IOException {
        try (Socket slow = new Socket("127.0.0.1", server.port())) {
            slow.getOutputStream().write(("POST /apps/slow/events?auth_key=slow-key HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":").getBytes(StandardCharsets.US_ASCII));
            String answer = readUntilClosed(slow);
            assertTrue(answer.startsWith("HTTP/1.1 408 Request Timeout\r\n"), answer);
        }
    }

    @Test
    void anUpgradedWebSocketIsNotSubjectToTheRequestTimeout() throws InterruptedException {
        try (RawWsClient client = RawWsClient.connect(server, "slow-key")) {
            Thread.sleep(2_500);
            client.sendText("{\"event\":\"pusher:ping\",\"data\":{}}");
            assertEquals("{\"event\":\"pusher:pong\",\"data\":\"{}\"}", client.nextText());
        }
    }

    /** Everything the server sends until it closes the connection; fails if it stays open for 5 s. */
    private static String readUntilClosed(Socket socket) throws IOException {
        socket.setSoTimeout((int) Duration.ofSeconds(5).toMillis());
        InputStream in = socket.getInputStream();
        try {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open", e);
        } catch (IOException reset) {
            return "";
        }
    }
}
