package dev.reverbj.observe.dashboard;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Reads a dashboard feed (server-sent events) with java.net.http, as a page's EventSource would. */
final class FeedReader implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    /** One server-sent event. */
    record Sse(String event, JsonObject data) {
    }

    private final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final StringBuilder seen = new StringBuilder();
    private final List<JsonObject> console = new ArrayList<>();
    private long lastDropped = -1;

    private FeedReader(Stream<String> lines) {
        this.lines = lines;
        Thread.ofVirtual().start(this::read);
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    static FeedReader open(String url, String user, String password) throws Exception {
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", basic(user, password)).timeout(WAIT).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        return new FeedReader(response.body());
    }

    private void read() {
        String event = null;
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    events.add(new Sse(event, Json.createReader(new StringReader(line.substring(6))).readObject()));
                }
            }
        } catch (RuntimeException e) {
            // Closed by the test.
        }
    }

    /** The next event of this kind that matches, within {@link #WAIT}; others are skipped. */
    JsonObject next(String event, Predicate<JsonObject> matching) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Sse sse = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (sse == null) {
                throw new AssertionError("no matching '" + event + "' event within " + WAIT + "; last seen: " + seen);
            }
            if (sse.event().equals(event) && matching.test(sse.data())) {
                return sse.data();
            }
            seen.setLength(0);
            seen.append(sse.event()).append(' ').append(sse.data());
        }
    }

    /**
     * The console line (one entry of an {@code events} message) that matches, among the lines this reader has
     * seen, reading more for {@link #WAIT} at most.
     */
    JsonObject line(Predicate<JsonObject> matching) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            for (JsonObject line : console) {
                if (matching.test(line)) {
                    return line;
                }
            }
            Sse sse = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (sse == null) {
                throw new AssertionError("no matching console line within " + WAIT + "; seen: " + console);
            }
            if (sse.event().equals("events")) {
                lastDropped = sse.data().getJsonNumber("dropped").longValue();
                sse.data().getJsonArray("events").forEach(v -> console.add(v.asJsonObject()));
            }
        }
    }

    /** The drop count of the last {@code events} message {@link #line} read. */
    long lastDropped() {
        return lastDropped;
    }

    @Override
    public void close() {
        lines.close();
    }
}
