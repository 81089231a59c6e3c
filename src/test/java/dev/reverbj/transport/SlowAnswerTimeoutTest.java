package dev.reverbj.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.pusher.rest.Pusher;
import com.pusher.rest.data.Result;

import dev.reverbj.support.RedisProcess;
import dev.reverbj.support.TestApps;
import dev.reverbj.support.TestServer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code reverb.server.request-timeout} bounds how long a client takes to send its request, not how long the server
 * takes to answer: a publish whose body arrived at once but whose answer waits on a stalled Redis longer than the
 * timeout is answered by the API, not with "408 Request body not received".
 */
class SlowAnswerTimeoutTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPublishAnsweredAfterTheRequestTimeoutIsNotCutWith408() throws Exception {
        try (RedisProcess redis = RedisProcess.start();
             TestServer node = TestServer.start(TestApps.yaml() + "  server:\n    request-timeout: 1\n"
                     + "  scaling:\n    enabled: true\n    channel: reverb-slow-answer\n", Map.of("REDIS_URL", redis.url()))) {
            long linked = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (ready(node) != 200) {
                assertTrue(System.nanoTime() < linked, "the node did not link to Redis");
                Thread.sleep(50);
            }
            // The redis-server this test started (its executable may be redis-check-rdb, which it links to).
            long pid = ProcessHandle.current().descendants()
                    .filter(p -> p.info().command().orElse("").contains("redis"))
                    .findFirst().orElseThrow().pid();
            signal("-STOP", pid);
            Pusher pusher = new Pusher(TestApps.MAIN.id(), TestApps.MAIN.key(), TestApps.MAIN.secret());
            pusher.setHost("127.0.0.1:" + node.port());
            pusher.setEncrypted(false);
            try {
                long start = System.nanoTime();
                // The official library: HTTP/1.1 with a Content-Length body, sent whole at once.
                Result result = pusher.trigger("slow-answer", "e", "1");
                long tookMillis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(tookMillis > 1_000, "the answer did not wait on Redis (" + tookMillis + " ms): nothing tested");
                assertEquals(200, result.getHttpStatus(), result.getMessage());
            } finally {
                signal("-CONT", pid);
                pusher.close();
            }
        }
    }

    private static void signal(String signal, long pid) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", signal, Long.toString(pid)).start().waitFor());
    }

    private static int ready(TestServer node) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(node.httpBase() + "/ready")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return 0;
        }
    }
}
