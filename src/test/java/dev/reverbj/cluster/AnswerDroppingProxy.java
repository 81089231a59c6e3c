package dev.reverbj.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy in front of Redis that can lose one answer: after {@link #loseNextAnswer}, the next command a client
 * sends with the given text in it reaches Redis and runs, but its answer is thrown away and the connection is cut,
 * as when the network fails between the two. Everything else passes through.
 */
final class AnswerDroppingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int redisPort;
    private volatile String armed;

    private AnswerDroppingProxy(int redisPort) throws IOException {
        this.redisPort = redisPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    static AnswerDroppingProxy to(int redisPort) throws IOException {
        return new AnswerDroppingProxy(redisPort);
    }

    String url() {
        return "redis://127.0.0.1:" + server.getLocalPort();
    }

    void loseNextAnswer(String toCommandContaining) {
        armed = toCommandContaining;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket redis = new Socket(InetAddress.getLoopbackAddress(), redisPort);
                AtomicBoolean deaf = new AtomicBoolean();
                Thread.ofVirtual().start(() -> pump(client, redis, deaf, true));
                Thread.ofVirtual().start(() -> pump(redis, client, deaf, false));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicBoolean deaf, boolean toRedis) {
        byte[] buffer = new byte[65536];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                String marker = armed;
                if (toRedis && marker != null
                        && new String(buffer, 0, n, StandardCharsets.ISO_8859_1).contains(marker)) {
                    armed = null;
                    deaf.set(true);
                    out.write(buffer, 0, n);
                    out.flush();
                    Thread.sleep(300); // Redis runs it; its answer goes nowhere
                    from.close();
                    to.close();
                    return;
                }
                if (!deaf.get()) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // connection gone
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
